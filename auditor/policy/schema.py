"""The JSON Schema of policy files, generated from the same models the loader uses."""

from __future__ import annotations

from typing import Any

from auditor.policy.model import PolicyFile


def policy_json_schema() -> dict[str, Any]:
    schema = PolicyFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "auditor policy file"
    return schema
