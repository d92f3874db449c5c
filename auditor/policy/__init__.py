"""Policies as data: the pydantic model, the YAML loader and the JSON Schema."""

from auditor.policy.loader import builtin_policy_dir, load_policies
from auditor.policy.model import Policy

__all__ = ["Policy", "builtin_policy_dir", "load_policies"]
