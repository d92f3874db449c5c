"""Policy files: what loads, and the one-paragraph errors for what does not."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from auditor.errors import PolicyError
from auditor.policy import builtin_policy_dir, load_policies
from auditor.policy.schema import policy_json_schema

GOOD = """\
policies:
  - id: my-bucket-versioned
    title: Buckets are versioned
    resource: aws.s3.bucket
    severity: low
    params:
      wanted: Enabled
    check: {path: Versioning.Status, eq: {param: wanted}}
"""


def write(tmp_path: Path, text: str, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def error_for(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(PolicyError) as info:
        load_policies([path], include_builtin=False)
    message = str(info.value)
    assert "\n" not in message, "errors are one paragraph"
    assert str(path) in message
    return message


def test_builtin_policies_load() -> None:
    policies = load_policies()
    assert len(policies) >= 8
    assert len({p.id for p in policies}) == len(policies)
    assert builtin_policy_dir().is_dir()


def test_a_good_file_loads_with_params(tmp_path: Path) -> None:
    (policy,) = load_policies([write(tmp_path, GOOD)], include_builtin=False)
    assert policy.id == "my-bucket-versioned"
    assert policy.params == {"wanted": "Enabled"}


def test_params_can_be_overridden_by_name_or_by_policy(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    (p,) = load_policies([path], include_builtin=False, params={"wanted": "Suspended"})
    assert p.params["wanted"] == "Suspended"
    (p,) = load_policies(
        [path], include_builtin=False, params={"my-bucket-versioned.wanted": "X", "wanted": "Y"}
    )
    assert p.params["wanted"] == "X"


def test_unknown_param_override_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="nosuch"):
        load_policies([write(tmp_path, GOOD)], include_builtin=False, params={"nosuch": 1})


def test_unknown_operator_names_file_and_line(tmp_path: Path) -> None:
    message = error_for(tmp_path, GOOD.replace("eq: {param: wanted}", "equals: Enabled"))
    assert "line 8" in message
    assert "unknown key 'equals'" in message


def test_two_operators_in_one_leaf(tmp_path: Path) -> None:
    message = error_for(tmp_path, GOOD.replace("eq: {param: wanted}", "eq: a, ne: b"))
    assert "exactly one operator" in message
    assert "line 8" in message


def test_unknown_key_in_policy(tmp_path: Path) -> None:
    message = error_for(
        tmp_path, GOOD.replace("    severity: low\n", "    severity: low\n    sevrity: x\n")
    )
    assert "unknown key 'sevrity'" in message
    assert "line 6" in message


def test_bad_severity(tmp_path: Path) -> None:
    message = error_for(tmp_path, GOOD.replace("severity: low", "severity: urgent"))
    assert "line 5" in message
    assert "critical" in message


def test_bad_jmespath(tmp_path: Path) -> None:
    message = error_for(
        tmp_path, GOOD.replace("path: Versioning.Status", "path: 'Versioning.[Status'")
    )
    assert "does not compile" in message
    assert "line 8" in message


def test_bad_regex(tmp_path: Path) -> None:
    message = error_for(tmp_path, GOOD.replace("eq: {param: wanted}", "regex: '(unclosed'"))
    assert "regex" in message and "does not compile" in message


def test_unknown_resource_type(tmp_path: Path) -> None:
    message = error_for(tmp_path, GOOD.replace("aws.s3.bucket", "aws.s3.bukket"))
    assert "unknown resource type 'aws.s3.bukket'" in message
    assert "line 2" in message


def test_undeclared_param(tmp_path: Path) -> None:
    message = error_for(tmp_path, GOOD.replace("{param: wanted}", "{param: other}"))
    assert "parameter 'other'" in message


def test_duplicate_key(tmp_path: Path) -> None:
    message = error_for(
        tmp_path, GOOD.replace("    severity: low\n", "    severity: low\n    severity: high\n")
    )
    assert "duplicate key 'severity'" in message
    assert "line 6" in message


def test_duplicate_policy_id_across_files(tmp_path: Path) -> None:
    a = write(tmp_path, GOOD, "a.yaml")
    b = write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(PolicyError, match="duplicate policy id 'my-bucket-versioned'"):
        load_policies([a, b], include_builtin=False)


def test_clash_with_builtin_id(tmp_path: Path) -> None:
    text = GOOD.replace("my-bucket-versioned", "aws-s3-bucket-versioning-enabled")
    with pytest.raises(PolicyError, match="duplicate policy id"):
        load_policies([write(tmp_path, text)])


def test_invalid_yaml(tmp_path: Path) -> None:
    message = error_for(tmp_path, "policies:\n  - id: [unclosed\n")
    assert "not valid YAML" in message


def test_empty_file(tmp_path: Path) -> None:
    message = error_for(tmp_path, "")
    assert "policies" in message


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="does not exist"):
        load_policies([tmp_path / "nope.yaml"], include_builtin=False)


def test_folder_is_searched_recursively_but_skips_frameworks(tmp_path: Path) -> None:
    (tmp_path / "aws").mkdir()
    (tmp_path / "frameworks").mkdir()
    write(tmp_path / "aws", GOOD)
    # frameworks/ holds framework definitions (not policies); they must be valid ones.
    write(
        tmp_path / "frameworks",
        "id: mine\nname: Mine\nversion: '1'\nurl: https://example.org\ncontrols:\n"
        "  - {id: C1, title: One, description: One control., automated: false}\n",
    )
    assert [p.id for p in load_policies([tmp_path], include_builtin=False)] == [
        "my-bucket-versioned"
    ]


def test_related_with_unknown_type(tmp_path: Path) -> None:
    text = GOOD.replace(
        "check: {path: Versioning.Status, eq: {param: wanted}}",
        "check: {related: {resource: aws.nope, some: {path: a, eq: 1}}}",
    )
    assert "related resource type 'aws.nope'" in error_for(tmp_path, text)


def test_related_needs_one_quantifier(tmp_path: Path) -> None:
    text = GOOD.replace(
        "check: {path: Versioning.Status, eq: {param: wanted}}",
        "check: {related: {resource: aws.s3.bucket}}",
    )
    assert "exactly one of every, some or none" in error_for(tmp_path, text)


def test_many_problems_are_summarised(tmp_path: Path) -> None:
    leaves = "\n".join(f"        - {{path: a{i}, bogus{i}: 1}}" for i in range(8))
    text = (
        "policies:\n  - id: x\n    title: t\n    resource: aws.s3.bucket\n    severity: low\n"
        f"    check:\n      all:\n{leaves}\n"
    )
    assert "and 3 more" in error_for(tmp_path, text)


def test_json_schema_accepts_builtin_files_and_rejects_unknown_operators() -> None:
    schema = policy_json_schema()
    validator = jsonschema.Draft202012Validator(schema)
    for file in sorted(builtin_policy_dir().rglob("*.yaml")):
        if "frameworks" in file.parts:
            continue
        data = yaml.safe_load(file.read_text())
        assert not list(validator.iter_errors(data)), file
    bad = {
        "policies": [
            {
                "id": "x",
                "title": "t",
                "resource": "r",
                "severity": "low",
                "check": {"path": "a", "equals": 1},
            }
        ]
    }
    assert list(validator.iter_errors(bad))
    json.dumps(schema)
