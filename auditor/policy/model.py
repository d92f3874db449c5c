"""The policy language as pydantic models.

The leaf operators are generated from :mod:`auditor.engine.operators`, so the JSON
Schema published for editors and the engine always agree on what a policy can say.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    create_model,
    field_validator,
    model_validator,
)

from auditor.engine.operators import OPERATORS, QUANTIFIERS, TIME_OPERATORS
from auditor.models import Severity
from auditor.policy.paths import compile_path


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ParamRef(StrictModel):
    """An operand taken from the policy's ``params`` (which a user may override)."""

    param: str = Field(description="Name of a parameter declared in the policy's params.")


class PathRef(StrictModel):
    """An operand read from the resource under evaluation, e.g. to join related resources."""

    ref: str = Field(description="JMESPath on the resource being evaluated (not the element).")

    @field_validator("ref")
    @classmethod
    def _compiles(cls, value: str) -> str:
        compile_path(value)
        return value


Operand = ParamRef | PathRef | Any


class AllOf(StrictModel):
    all: list[Condition] = Field(description="Holds when every condition holds.")


class AnyOf(StrictModel):
    any: list[Condition] = Field(min_length=1, description="Holds when one condition holds.")


class NotOf(StrictModel):
    not_: Condition = Field(alias="not", description="Holds when the condition does not.")


class RelatedSpec(StrictModel):
    resource: str = Field(description="Resource type of the related resources.")
    scope: Literal["account", "region"] = Field(
        default="account",
        description="Consider related resources in the same account, or also the same region.",
    )
    where: Condition | None = Field(
        default=None, description="Keep only related resources matching this condition."
    )
    every: Condition | None = None
    some: Condition | None = None
    none: Condition | None = None

    @model_validator(mode="after")
    def _one_quantifier(self) -> RelatedSpec:
        given = [q for q in QUANTIFIERS if getattr(self, q) is not None]
        if len(given) != 1:
            raise ValueError("related needs exactly one of every, some or none")
        return self


class Related(StrictModel):
    related: RelatedSpec


_LEAF_DOC = {
    "eq": "equals (typed: true is not 1)",
    "ne": "does not equal",
    "in": "is one of a list",
    "not_in": "is not one of a list",
    "contains": "string contains substring, list contains item, object has key",
    "not_contains": "is a string, list or object that does not contain the operand",
    "regex": "is a string matching a Python regular expression (search)",
    "gt": "greater than",
    "ge": "greater than or equal",
    "lt": "less than",
    "le": "less than or equal",
    "exists": "true: the value is present and not null; false: absent or null",
    "empty": "true: null or empty string, list or object; false: the opposite",
    "older_than_days": "timestamp is more than N days before now",
    "newer_than_days": "timestamp is less than N days before now",
    "every": "every element of the list satisfies the condition (true for an empty list)",
    "some": "at least one element of the list satisfies the condition",
    "none": "no element of the list satisfies the condition",
}


def _leaf_fields() -> dict[str, Any]:
    fields: dict[str, Any] = {
        "path": (
            str,
            Field(default="@", description="JMESPath into the resource's properties."),
        )
    }
    for name in OPERATORS:
        annotation: Any = bool if name in ("exists", "empty") else Operand
        fields[name] = (annotation | None, Field(default=None, description=_LEAF_DOC[name]))
    for name in TIME_OPERATORS:
        fields[name] = (
            float | ParamRef | None,
            Field(default=None, description=_LEAF_DOC[name]),
        )
    for name in QUANTIFIERS:
        fields[name] = ("Condition | None", Field(default=None, description=_LEAF_DOC[name]))
    return fields


class _LeafBase(StrictModel):
    @field_validator("path", check_fields=False)
    @classmethod
    def _path_compiles(cls, value: str) -> str:
        compile_path(value)
        return value

    @model_validator(mode="after")
    def _one_operator(self) -> _LeafBase:
        given = [name for name in self.model_fields_set if name != "path"]
        if len(given) != 1:
            names = ", ".join(LEAF_OPERATOR_NAMES)
            found = ", ".join(sorted(given)) or "none"
            raise ValueError(f"a condition needs exactly one operator ({names}); found {found}")
        (op,) = given
        if op == "regex" and isinstance(self.regex, str):  # type: ignore[attr-defined]
            try:
                re.compile(self.regex)  # type: ignore[attr-defined]
            except re.error as exc:
                raise ValueError(f"regex {self.regex!r} does not compile: {exc}") from None  # type: ignore[attr-defined]
        return self

    @property
    def operator(self) -> str:
        (op,) = (name for name in self.model_fields_set if name != "path")
        return op

    @property
    def operand(self) -> Any:
        return getattr(self, self.operator)


LEAF_OPERATOR_NAMES: tuple[str, ...] = (*OPERATORS, *TIME_OPERATORS, *QUANTIFIERS)

if TYPE_CHECKING:
    Leaf = _LeafBase
else:
    Leaf = create_model(
        "Leaf",
        __base__=_LeafBase,
        __doc__="Compares the value at `path` with one operator.",
        **_leaf_fields(),
    )

_COMBINATORS = ("all", "any", "not", "related")


def _condition_kind(value: Any) -> str:
    if isinstance(value, dict):
        for key in _COMBINATORS:
            if key in value:
                return key
        return "leaf"
    kinds: dict[type[BaseModel], str] = {
        AllOf: "all",
        AnyOf: "any",
        NotOf: "not",
        Related: "related",
    }
    return kinds.get(type(value), "leaf") if isinstance(value, BaseModel) else "leaf"


Condition = Annotated[
    Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[NotOf, Tag("not")]
    | Annotated[Related, Tag("related")]
    | Annotated[Leaf, Tag("leaf")],
    Discriminator(_condition_kind),
]


class Remediation(StrictModel):
    text: str = Field(description="What to change, in words.")
    console: str = Field(default="", description="Steps in the provider's web console.")
    cli: str = Field(default="", description="A command that makes the change.")


class Policy(StrictModel):
    """One rule: which resources it applies to, and what must hold for them to pass."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", description="Unique, stable identifier.")
    title: str = Field(min_length=1)
    resource: str = Field(description="Resource type, e.g. aws.s3.bucket.")
    severity: Severity
    description: str = ""
    rationale: str = ""
    remediation: Remediation = Field(default_factory=lambda: Remediation(text=""))
    frameworks: dict[str, list[str]] = Field(
        default_factory=dict, description="Framework id -> control ids this policy evidences."
    )
    references: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    params: dict[str, Any] = Field(
        default_factory=dict, description="Defaults for values the check reads with {param: name}."
    )
    when: Condition | None = Field(
        default=None, description="The policy applies only to resources matching this."
    )
    check: Condition = Field(description="Must hold for a resource to pass.")

    @field_validator("remediation", mode="before")
    @classmethod
    def _remediation_shorthand(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


class PolicyFile(StrictModel):
    policies: list[Policy] = Field(min_length=1)


for _model in (AllOf, AnyOf, NotOf, RelatedSpec, Related, Leaf, Policy, PolicyFile):
    _model.model_rebuild()
