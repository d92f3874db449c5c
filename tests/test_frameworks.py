"""Framework definitions: the shipped ones load and are complete; bad ones and bad mappings
are rejected with the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.errors import PolicyError
from auditor.policy import load_policies
from auditor.policy.frameworks import load_frameworks

SHIPPED = load_frameworks()


def ids(framework_id: str) -> list[str]:
    return [c.id for c in SHIPPED[framework_id].controls]


def automated(framework_id: str) -> set[str]:
    return {c.id for c in SHIPPED[framework_id].controls if c.automated}


def test_every_shipped_framework_loads_in_report_order() -> None:
    assert list(SHIPPED) == [
        "ncsc-csp",
        "cis-aws",
        "cis-azure",
        "cis-azure-3.0",
        "cyber-essentials",
        "uk-data-residency",
    ]
    for framework in SHIPPED.values():
        assert framework.url.startswith("https://")
        assert framework.version and framework.source
        for control in framework.controls:
            assert "\n" not in control.title and "\n" not in control.description


def test_ncsc_has_all_fourteen_principles_and_current_sub_principles() -> None:
    expected_subs = {
        "2": ["2.1", "2.2", "2.3", "2.4", "2.5"],
        "5": ["5.1", "5.2", "5.3", "5.4"],
        "6": ["6.1", "6.2"],
        "13": ["13.1", "13.2"],
        "14": ["14.1", "14.2"],
    }
    ncsc = SHIPPED["ncsc-csp"]
    principles = [c.id for c in ncsc.controls if c.parent is None]
    assert principles == [str(n) for n in range(1, 15)]
    for parent, subs in expected_subs.items():
        assert [c.id for c in ncsc.children(parent)] == subs
    assert len(ncsc.controls) == 14 + 15
    # People, process and provider-only principles need manual evidence.
    for manual in ("2.2", "2.4", "3", "4", "6.1", "6.2", "7", "8"):
        assert ncsc.control(manual) is not None and not ncsc.control(manual).automated  # type: ignore[union-attr]


def test_cis_aws_v7_has_every_recommendation_with_the_benchmark_marking() -> None:
    assert SHIPPED["cis-aws"].version == "7.0.0"
    assert len(ids("cis-aws")) == 70
    assert len(automated("cis-aws")) == 34
    # The automated recommendations of v7.0.0 (reference list), and some manual ones.
    assert automated("cis-aws") == {
        *("2.4 2.5 2.8 2.9 2.10 2.11 2.12 2.13 2.14 2.15 2.16 2.17 2.18".split()),
        *("3.1.1 3.1.4 3.2.1 3.2.2 3.2.3 3.3.1".split()),
        *("4.2 4.3 4.5 4.6 4.7 4.8 4.9 5.16".split()),
        *("6.1.1 6.1.2 6.2 6.3 6.4 6.5 6.7".split()),
    }
    for manual in ("2.1.1", "2.1.6", "2.7", "2.21", "4.1", "5.1", "5.15", "6.8"):
        assert manual in ids("cis-aws") and manual not in automated("cis-aws")


def test_cis_azure_v6_and_the_v3_database_section() -> None:
    assert SHIPPED["cis-azure"].version == "6.0.0"
    assert len(ids("cis-azure")) == 127
    assert len(automated("cis-azure")) == 89
    for control_id in ("2.1.1", "5.1.3", "6.1.2.11", "7.16", "8.1.15", "8.5", "9.3.11"):
        assert control_id in ids("cis-azure")
    assert not any(i.startswith("4.") for i in ids("cis-azure"))  # no database section
    database = SHIPPED["cis-azure-3.0"]
    assert database.version == "3.0.0"
    assert ids("cis-azure-3.0") == [
        *(f"5.1.{n}" for n in range(1, 8)),
        *(f"5.2.{n}" for n in range(1, 9)),
        *(f"5.3.{n}" for n in range(1, 5)),
        *(f"5.4.{n}" for n in range(1, 4)),
    ]
    assert set(ids("cis-azure-3.0")) - automated("cis-azure-3.0") == {"5.1.7", "5.3.4", "5.4.3"}


def test_cyber_essentials_has_the_five_themes_with_cloud_and_manual_requirements() -> None:
    ce = SHIPPED["cyber-essentials"]
    themes = [c.id for c in ce.controls if c.parent is None]
    assert themes == ["FW", "SC", "SUM", "UAC", "MP"]
    for theme in themes:
        children = ce.children(theme)
        assert any(c.automated for c in children), theme
        assert any(not c.automated for c in children) or theme == "SUM", theme
    assert ce.control("UAC.4") is not None and ce.control("UAC.4").automated  # type: ignore[union-attr]


def test_uk_data_residency_covers_replication_and_backup_destinations() -> None:
    assert {"storage", "replication", "backup", "keys", "logs"} <= automated("uk-data-residency")


def test_the_built_in_policies_validate_against_the_shipped_frameworks() -> None:
    policies = load_policies()
    mapped = {fw for p in policies for fw in p.frameworks}
    assert mapped <= set(SHIPPED)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


POLICY = """\
policies:
  - id: test-bucket-encrypted
    title: Buckets are encrypted
    resource: aws.s3.bucket
    severity: low
    frameworks:
      cis-aws: ["3.1.4"]
      {extra}
    check: {{path: Encryption, exists: true}}
"""


def test_a_policy_pointing_at_a_missing_control_fails_validation_with_its_line(
    tmp_path: Path,
) -> None:
    file = _write(tmp_path / "p.yaml", POLICY.format(extra='ncsc-csp: ["1", "2.6"]'))
    with pytest.raises(PolicyError) as caught:
        load_policies([file], include_builtin=False)
    message = str(caught.value)
    assert f"{file}, line 8" in message
    assert "framework 'ncsc-csp' has no control '2.6'" in message
    assert "auditor frameworks show ncsc-csp" in message


def test_an_unknown_framework_id_fails_validation_with_a_suggestion(tmp_path: Path) -> None:
    file = _write(tmp_path / "p.yaml", POLICY.format(extra='cis-aws-v7: ["2.4"]'))
    with pytest.raises(PolicyError) as caught:
        load_policies([file], include_builtin=False)
    message = str(caught.value)
    assert f"{file}, line 8" in message
    assert "unknown framework 'cis-aws-v7' (did you mean 'cis-aws'?)" in message


def test_a_mapping_with_no_controls_is_rejected(tmp_path: Path) -> None:
    file = _write(tmp_path / "p.yaml", POLICY.format(extra="cyber-essentials: []"))
    with pytest.raises(PolicyError, match="maps no controls of 'cyber-essentials'"):
        load_policies([file], include_builtin=False)


FRAMEWORK = """\
id: house-rules
name: House rules
version: "2"
url: https://example.org/house-rules
controls:
  - id: R1
    title: Buckets are encrypted
    description: Every bucket encrypts new objects.
    automated: true
{more}
"""


def test_a_policy_folder_may_carry_its_own_frameworks(tmp_path: Path) -> None:
    _write(tmp_path / "frameworks" / "house.yaml", FRAMEWORK.format(more=""))
    _write(tmp_path / "p.yaml", POLICY.format(extra='house-rules: ["R1"]'))
    policies = load_policies([tmp_path], include_builtin=False)
    assert policies[0].frameworks["house-rules"] == ["R1"]
    assert "house-rules" in load_frameworks([tmp_path / "frameworks"])


@pytest.mark.parametrize(
    ("more", "expected"),
    [
        (
            "  - id: R1\n    title: Again\n    description: Twice.\n    automated: false",
            "control id 'R1' appears twice",
        ),
        (
            "  - id: R2\n    title: Child\n    description: Needs a parent.\n"
            "    automated: true\n    parent: R9",
            "names parent 'R9', which must be defined earlier",
        ),
        ("    evidence: screenshots", "unknown key 'evidence'"),
        ("  - id: R3\n    title: No evidence kind\n    description: x.", "'automated'"),
    ],
)
def test_malformed_framework_definitions_name_the_file(
    tmp_path: Path, more: str, expected: str
) -> None:
    file = _write(tmp_path / "frameworks" / "house.yaml", FRAMEWORK.format(more=more))
    with pytest.raises(PolicyError) as caught:
        load_frameworks([tmp_path / "frameworks"])
    assert str(file) in str(caught.value)
    assert expected in str(caught.value)


def test_an_unknown_key_in_a_framework_is_reported_with_its_line(tmp_path: Path) -> None:
    file = _write(
        tmp_path / "frameworks" / "house.yaml",
        FRAMEWORK.format(more="    evidence: screenshots"),
    )
    with pytest.raises(PolicyError, match=rf"{file}, line 10: controls\[0\]"):
        load_frameworks([tmp_path / "frameworks"])


def test_a_framework_id_may_not_shadow_a_shipped_one(tmp_path: Path) -> None:
    text = FRAMEWORK.format(more="").replace("id: house-rules", "id: cis-aws")
    _write(tmp_path / "frameworks" / "mine.yaml", text)
    with pytest.raises(PolicyError, match="framework id 'cis-aws' is also defined in"):
        load_frameworks([tmp_path / "frameworks"])
