"""Load policy files, validate them in layers, and report problems by file and line."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from auditor.errors import PolicyError
from auditor.policy.frameworks import (
    FRAMEWORKS_DIR,
    Framework,
    framework_dirs,
    load_frameworks,
    mapping_problems,
)
from auditor.policy.model import (
    AllOf,
    AnyOf,
    Leaf,
    NotOf,
    ParamRef,
    Policy,
    PolicyFile,
    Related,
)
from auditor.yamlio import LineIndex, YamlError, format_loc, load_yaml

MAX_REPORTED = 5


def builtin_policy_dir() -> Path:
    """The policy packs shipped with the tool (inside the wheel, or the source tree)."""
    packaged = Path(str(resources.files("auditor"))) / "policies"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "policies"


@dataclass(frozen=True)
class Problem:
    file: Path
    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        place = f"{self.file}, line {self.line}" if self.line else str(self.file)
        return f"{place}: {self.where + ': ' if self.where else ''}{self.message}"


def _policy_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.suffix in (".yaml", ".yml")
                and p.is_file()
                and FRAMEWORKS_DIR not in p.relative_to(path).parts
            )
        elif path.is_file():
            files.append(path)
        else:
            raise PolicyError(
                f"Policy path {path} does not exist. Pass a YAML file or a folder of them "
                "with --policies."
            )
    return files


def _describe(error: Any) -> str:
    kind = error["type"]
    loc = error["loc"]
    if kind == "extra_forbidden":
        return f"unknown key {loc[-1]!r}"
    if kind == "missing":
        return f"missing required key {loc[-1]!r}"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def _validation_problems(
    file: Path, exc: ValidationError, data: Any, index: LineIndex
) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc, line = index.resolve(tuple(error["loc"]), data)
        message = _describe(error)
        if error["type"] == "extra_forbidden" and "leaf" in error["loc"]:
            message += " (not an operator or a condition keyword)"
        problems.append(Problem(file, line, format_loc(loc), message))
    # One root cause often shows up once per union branch; keep the first of each place.
    unique: dict[tuple[int | None, str], Problem] = {}
    for problem in problems:
        unique.setdefault((problem.line, problem.message), problem)
    return list(unique.values())


def _walk_conditions(node: Any) -> Iterable[BaseModel]:
    if node is None:
        return
    yield node
    if isinstance(node, AllOf | AnyOf):
        children: list[Any] = node.all if isinstance(node, AllOf) else node.any
        for child in children:
            yield from _walk_conditions(child)
    elif isinstance(node, NotOf):
        yield from _walk_conditions(node.not_)
    elif isinstance(node, Related):
        spec = node.related
        for part in (spec.where, spec.every, spec.some, spec.none):
            yield from _walk_conditions(part)
    elif isinstance(node, Leaf):
        operand = node.operand
        if isinstance(operand, BaseModel) and not isinstance(operand, ParamRef):
            yield from _walk_conditions(operand)
        elif isinstance(operand, ParamRef):
            yield operand


def _semantic_problems(policy: Policy, known_types: Collection[str] | None) -> list[str]:
    messages = []
    if known_types is not None and policy.resource not in known_types:
        messages.append(
            f"unknown resource type {policy.resource!r}; run 'auditor policies types' "
            "for the supported ones"
        )
    for node in (*_walk_conditions(policy.when), *_walk_conditions(policy.check)):
        if isinstance(node, ParamRef) and node.param not in policy.params:
            messages.append(f"uses parameter {node.param!r} that its params do not declare")
        if (
            isinstance(node, Related)
            and known_types is not None
            and node.related.resource not in known_types
        ):
            messages.append(f"related resource type {node.related.resource!r} is unknown")
    return messages


def _policies_in(file: Path, data: Any, index: LineIndex) -> list[Policy]:
    try:
        return PolicyFile.model_validate(data).policies
    except ValidationError as exc:
        problems = _validation_problems(file, exc, data, index)
        raise _error(problems) from None


def _error(problems: Sequence[Problem]) -> PolicyError:
    shown = "; ".join(str(p) for p in problems[:MAX_REPORTED])
    more = len(problems) - MAX_REPORTED
    extra = f"; and {more} more" if more > 0 else ""
    return PolicyError(
        f"Invalid policy: {shown}{extra}. Fix the file and check it with "
        "'auditor policies validate PATH'."
    )


def _apply_params(policies: list[Policy], overrides: Mapping[str, Any]) -> list[Policy]:
    declared = {name for p in policies for name in p.params}
    declared |= {f"{p.id}.{name}" for p in policies for name in p.params}
    unknown = sorted(set(overrides) - declared)
    if unknown:
        raise PolicyError(
            f"No loaded policy declares the parameter(s) {', '.join(unknown)}. Use a name from "
            "a policy's params (for every policy that declares it) or POLICY_ID.NAME for one."
        )
    result = []
    for policy in policies:
        update = {
            name: overrides.get(f"{policy.id}.{name}", overrides.get(name, default))
            for name, default in policy.params.items()
        }
        result.append(
            policy.model_copy(update={"params": update}) if update != policy.params else policy
        )
    return result


def load_policies(
    paths: Sequence[Path] = (),
    *,
    include_builtin: bool = True,
    params: Mapping[str, Any] | None = None,
    known_types: Collection[str] | None = None,
    frameworks: Mapping[str, Framework] | None = None,
) -> list[Policy]:
    """Load and validate policies; raises :class:`PolicyError` naming file and line.

    ``known_types`` defaults to every resource type a collector is registered for;
    ``frameworks`` to the shipped frameworks plus those in a ``frameworks/`` folder of
    any policy folder given. Every control a policy maps to must exist.
    """
    if known_types is None:
        from auditor.collectors.registry import RESOURCE_TYPES

        known_types = RESOURCE_TYPES
    if frameworks is None:
        frameworks = load_frameworks(framework_dirs(paths))
    roots = [builtin_policy_dir()] if include_builtin else []
    files = _policy_files([*roots, *paths])
    if not files:
        raise PolicyError("No policy files found. Pass YAML policy files with --policies.")
    policies: list[Policy] = []
    seen: dict[str, tuple[Path, int | None]] = {}
    problems: list[Problem] = []
    for file in dict.fromkeys(f.resolve() for f in files):
        try:
            data, index = load_yaml(file)
        except YamlError as exc:
            raise _error([Problem(file, exc.line, "", str(exc))]) from None
        for i, policy in enumerate(_policies_in(file, data, index)):
            line = index.resolve(("policies", i), data)[1]
            if policy.id in seen:
                first_file, first_line = seen[policy.id]
                problems.append(
                    Problem(
                        file,
                        line,
                        f"policies[{i}]",
                        f"duplicate policy id {policy.id!r} (also in {first_file}, "
                        f"line {first_line})",
                    )
                )
                continue
            seen[policy.id] = (file, line)
            problems.extend(
                Problem(file, line, f"policy {policy.id!r}", message)
                for message in _semantic_problems(policy, known_types)
            )
            for where, message in mapping_problems(policy.frameworks, frameworks):
                loc = ("policies", i, "frameworks", *where)
                problems.append(
                    Problem(file, index.resolve(loc, data)[1], f"policy {policy.id!r}", message)
                )
            policies.append(policy)
    if problems:
        raise _error(problems)
    return _apply_params(policies, params or {})


def related_types(policy: Policy) -> set[str]:
    """Resource types a policy reaches through ``related`` conditions."""
    return {
        node.related.resource
        for node in (*_walk_conditions(policy.when), *_walk_conditions(policy.check))
        if isinstance(node, Related)
    }
