"""How much of each framework the loaded policies can check, and the generated docs page.

Coverage is a property of the policy set, not of a scan: it says which controls have
a check behind them at all. ``docs/frameworks.md`` is generated from it, so the
published figures cannot drift from the shipped policies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from auditor.policy.frameworks import Control, Framework
from auditor.policy.model import Policy

REGENERATE = "auditor frameworks coverage --output docs/frameworks.md"


@dataclass(frozen=True)
class ControlCoverage:
    control: Control
    policies: tuple[str, ...]
    """Policies mapped to the control or, for a control with sub-controls, to any of them."""

    @property
    def covered(self) -> bool:
        return self.control.automated and bool(self.policies)


@dataclass(frozen=True)
class FrameworkCoverage:
    framework: Framework
    controls: tuple[ControlCoverage, ...]

    @property
    def total(self) -> int:
        return len(self.controls)

    @property
    def automated(self) -> int:
        return sum(1 for c in self.controls if c.control.automated)

    @property
    def manual(self) -> int:
        return self.total - self.automated

    @property
    def covered(self) -> int:
        """Automated controls with at least one policy behind them."""
        return sum(1 for c in self.controls if c.covered)

    @property
    def not_covered(self) -> int:
        return self.automated - self.covered


def coverage(
    frameworks: Iterable[Framework], policies: Sequence[Policy]
) -> list[FrameworkCoverage]:
    result = []
    for framework in frameworks:
        direct: dict[str, set[str]] = defaultdict(set)
        for policy in policies:
            for control_id in policy.frameworks.get(framework.id, ()):
                direct[control_id].add(policy.id)
        controls = []
        for control in framework.controls:
            ids = set(direct[control.id])
            for sub in framework.descendants(control.id):
                ids |= direct[sub.id]
            controls.append(ControlCoverage(control, tuple(sorted(ids))))
        result.append(FrameworkCoverage(framework, tuple(controls)))
    return result


def _md(text: str) -> str:
    """Plain text made safe inside a Markdown table cell."""
    for char in ("\\", "|", "*", "_", "<", ">", "`", "["):
        text = text.replace(char, "\\" + char)
    return text


STATUS_MEANINGS = (
    (
        "pass",
        "Every policy mapped to the control passed (or was waived) on every resource it "
        "judged, and at least one resource was judged.",
    ),
    ("fail", "A mapped policy failed on at least one resource."),
    (
        "error",
        "A mapped policy could not read the data it needed (access denied, throttled) and "
        "nothing failed. Never shown as pass.",
    ),
    (
        "manual",
        "The control needs evidence no cloud API gives (documents, processes, people). "
        "Mapped checks can fail it but never pass it.",
    ),
    (
        "not_applicable",
        "The mapped policies ran but found no resource of their type in scope, so nothing "
        "was evidenced either way.",
    ),
    ("not_covered", "No selected policy maps to the control."),
)


def _status_section() -> list[str]:
    lines = [
        "## How a control gets its status",
        "",
        "Policies name the controls they evidence in their `frameworks:` map (for example",
        '`cis-aws: ["3.1.4"]`), many to many. After a scan, every control of every framework',
        "that a selected policy maps to gets one status:",
        "",
        "| Status | Meaning |",
        "|---|---|",
    ]
    lines += [f"| `{status}` | {meaning} |" for status, meaning in STATUS_MEANINGS]
    lines += [
        "",
        "Waived findings are accepted exceptions: they do not fail a control. A control with",
        "sub-controls (NCSC sub-principles, Cyber Essentials themes) takes the worst status of",
        "its own checks and its sub-controls, so a principle passes only when all of it does.",
        "",
        "`--framework ID` on `auditor scan`, `auditor evaluate` and `auditor demo` runs only",
        "the policies mapped to that framework and reports against it.",
    ]
    return lines


def coverage_markdown(coverages: Sequence[FrameworkCoverage]) -> str:
    """The docs page: how statuses work, a summary table, then every control."""
    lines = [
        "# Compliance frameworks",
        "",
        "<!-- Generated file: do not edit. Regenerate with:",
        f"     {REGENERATE}",
        "     A test fails when this page no longer matches the shipped policies. -->",
        "",
        "Coverage below is what the built-in policies can check. *Automated* controls can be",
        "evidenced from cloud APIs; *covered* ones have at least one built-in policy behind",
        "them; *manual* ones need evidence that no API gives. Controls that are neither",
        "covered nor manual are reported as `not_covered`, never as passing.",
        "",
        "| Framework | Version | Controls | Automated | Covered | Manual | Not covered |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for cov in coverages:
        fw = cov.framework
        lines.append(
            f"| [{_md(fw.name)}](#{fw.id}) (`{fw.id}`) | {_md(fw.version)} | {cov.total} | "
            f"{cov.automated} | {cov.covered} | {cov.manual} | {cov.not_covered} |"
        )
    lines += ["", *_status_section(), ""]
    for cov in coverages:
        lines += _framework_section(cov)
    return "\n".join(lines).rstrip() + "\n"


def _framework_section(cov: FrameworkCoverage) -> list[str]:
    fw = cov.framework
    lines = [
        f'<a id="{fw.id}"></a>',
        "",
        f"## {fw.name} (`{fw.id}`)",
        "",
        f"Version: {_md(fw.version)}. Source: <{fw.url}>.",
    ]
    if fw.description:
        lines += ["", fw.description.strip()]
    if fw.source:
        lines += ["", f"Control ids: {fw.source.strip()}"]
    lines += [
        "",
        f"{cov.total} controls: {cov.automated} automated ({cov.covered} covered by built-in "
        f"policies), {cov.manual} manual.",
        "",
        "| Control | Title | Evidence | Built-in policies |",
        "|---|---|---|---|",
    ]
    for item in cov.controls:
        control = item.control
        evidence = "automated" if control.automated else "manual"
        policies = ", ".join(f"`{p}`" for p in item.policies) or "—"
        lines.append(f"| {_md(control.id)} | {_md(control.title)} | {evidence} | {policies} |")
    lines.append("")
    return lines


def summary_rows(coverages: Sequence[FrameworkCoverage]) -> list[Mapping[str, str | int]]:
    """One plain row per framework, for terminal tables."""
    return [
        {
            "id": c.framework.id,
            "name": c.framework.name,
            "version": c.framework.version,
            "controls": c.total,
            "automated": c.automated,
            "covered": c.covered,
            "manual": c.manual,
            "not_covered": c.not_covered,
        }
        for c in coverages
    ]
