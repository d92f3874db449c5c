"""``auditor scan azure`` and ``collect azure``: options, friendly errors, exit codes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from azure.identity import CredentialUnavailableError
from typer.testing import CliRunner

from auditor.cli import app

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "250", **(env or {})})
    return result.exit_code, result.stdout, result.stderr


class _NoCredential:
    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        raise CredentialUnavailableError("DefaultAzureCredential failed to retrieve a token")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("AZURE_ACCESS_TOKEN", "AZURE_ARM_ENDPOINT"):
        monkeypatch.delenv(key, raising=False)


def test_no_credentials_is_one_paragraph_and_exit_3(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(
        "auditor.collectors.azure.runner.make_credential", lambda token, tenant: _NoCredential()
    )
    code, out, err = run("scan", "azure", "-o", str(tmp_path))
    assert code == 3
    assert "No Azure credentials were found" in err
    assert "az login" in err and "--azure-token" in err
    assert "Traceback" not in err + out
    assert not list(tmp_path.iterdir())  # nothing written


def test_a_plain_http_endpoint_is_refused_before_any_call(tmp_path: Path) -> None:
    code, _, err = run(
        "collect",
        "azure",
        "--arm-endpoint",
        "http://127.0.0.1:1",
        "--azure-token",
        "x",
        "-o",
        str(tmp_path / "e.json"),
    )
    assert code == 2
    assert "is not an https:// URL" in err


def test_the_token_can_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: dict[str, Any] = {}

    def fake_make_credential(token: str | None, tenant: str | None) -> Any:
        seen.update(token=token, tenant=tenant)
        return _NoCredential()

    monkeypatch.setattr("auditor.collectors.azure.runner.make_credential", fake_make_credential)
    run("scan", "azure", "--tenant", "t-1", "-o", str(tmp_path), env={"AZURE_ACCESS_TOKEN": "abc"})
    assert seen == {"token": "abc", "tenant": "t-1"}


def test_scan_azure_has_the_shared_options() -> None:
    code, out, _ = run("scan", "azure", "--help")
    assert code == 0
    for option in (
        "--subscription",
        "--tenant",
        "--azure-token",
        "--arm-endpoint",
        "--fail-on",
        "--format",
        "--framework",
        "--param",
        "--policies",
    ):
        assert option in out


def test_permissions_azure_names_reader_and_every_collector() -> None:
    from auditor.collectors.azure.catalog import AZURE_MODULES

    code, out, _ = run("permissions", "azure")
    assert code == 0
    assert "Reader" in out
    for resource_type in AZURE_MODULES:
        assert resource_type in out
    assert "Microsoft.KeyVault/vaults/read" in out


def test_permissions_azure_role_definition_is_read_only_json() -> None:
    import json

    code, out, _ = run("permissions", "azure", "--role-definition")
    assert code == 0
    role = json.loads(out)
    assert "Microsoft.Resources/subscriptions/read" in role["Actions"]
    assert all(action.endswith("/read") for action in role["Actions"])
    assert role["DataActions"] == []


def test_the_demo_audits_both_clouds(tmp_path: Path) -> None:
    import json

    code, out, _ = run("demo", "--output-dir", str(tmp_path), "-f", "json")
    assert code == 0, out
    report = json.loads((tmp_path / "auditor-results.json").read_text())
    by_provider: dict[str, set[str]] = {}
    for finding in report["findings"]:
        by_provider.setdefault(finding["resource"]["provider"], set()).add(finding["status"])
    assert by_provider["aws"] >= {"pass", "fail"}
    assert by_provider["azure"] >= {"pass", "fail"}
    assert "error" not in by_provider["azure"]
    failing = {
        (f["policy_id"], f["resource"]["name"]) for f in report["findings"] if f["status"] == "fail"
    }
    assert ("azure-network-nsg-no-rdp-from-internet", "dfdr-jumpbox-nsg") in failing
    assert ("azure-network-nsg-no-ssh-from-internet", "dfdr-jumpbox-nsg") in failing
    assert ("azure-network-nsg-no-ssh-from-internet", "dfdr-app-nsg") not in failing
    assert ("azure-storage-account-no-public-blob-access", "dfdrpublicweb") in failing


def test_a_subscription_name_instead_of_an_id_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("scan", "azure", "-s", "dfdr-production", "-o", str(tmp_path))
    assert code == 2
    assert "is not a subscription id" in err and "az account list" in err


def test_subscriptions_and_tenant_come_from_the_config_file_and_flags_win(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from auditor.errors import ScanError

    seen: list[Any] = []

    def fake_collect(options: Any, types: Any, progress: Any = None) -> Any:
        seen.append(options)
        raise ScanError("stop here")

    monkeypatch.setattr("auditor.collectors.azure.runner.collect_azure", fake_collect)
    config = tmp_path / "auditor.yaml"
    sub = "11111111-2222-3333-4444-555555555555"
    config.write_text(
        "providers:\n  azure:\n"
        f"    subscriptions: ['{sub}']\n    tenant: t-config\n"
        "    arm_endpoint: https://management.usgovcloudapi.net\n"
    )
    run("scan", "azure", "--config", str(config), "-o", str(tmp_path))
    run(
        "collect", "azure", "--config", str(config), "--tenant", "t-flag", "-o", str(tmp_path / "e")
    )
    assert [o.subscriptions for o in seen] == [(sub,), (sub,)]
    assert [o.tenant for o in seen] == ["t-config", "t-flag"]
    assert seen[0].arm_endpoint == "https://management.usgovcloudapi.net"
