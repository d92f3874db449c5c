"""``auditor.yaml``: the settings a team keeps beside its pipeline, so the command stays short.

Every key is optional; an unknown key is an error with its file and line. Paths in
the file are relative to the file's own folder, so the same file works from any
working directory. Command-line flags override what the file says (docs/config.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from auditor.errors import ConfigError
from auditor.models import Severity
from auditor.yamlmodels import load_model

DEFAULT_CONFIG_FILE = "auditor.yaml"
HINT = "See docs/config.md for every key, and check the file with 'auditor config validate'."


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AwsConfig(Strict):
    profile: str | None = Field(default=None, description="Named profile (--profile).")
    regions: list[str] = Field(default_factory=list, description="Regions (--region).")
    endpoint_url: str | None = Field(default=None, description="Endpoint (--endpoint-url).")
    org: bool = Field(
        default=False, description="Every active account of the organisation (--org)."
    )
    organizational_units: list[str] = Field(
        default_factory=list, description="With org: only accounts under these OUs (--ou)."
    )
    account_tags: dict[str, str] = Field(
        default_factory=dict, description="With org: only accounts with these tags (--account-tag)."
    )
    accounts: list[str] = Field(
        default_factory=list, description="Account ids or role ARNs to scan (--account)."
    )
    role_name: str | None = Field(
        default=None, description="Role assumed in each member account (--role-name)."
    )
    external_id: str | None = Field(
        default=None, description="External id for the role (--external-id)."
    )
    exclude_self: bool = Field(
        default=False, description="Leave out the running account (--exclude-self)."
    )
    max_concurrency: int | None = Field(
        default=None, ge=1, le=256, description="Collector calls in flight (--max-concurrency)."
    )


class AzureConfig(Strict):
    subscriptions: list[str] = Field(default_factory=list, description="Subscription ids.")
    tenant: str | None = Field(default=None, description="Tenant id.")
    arm_endpoint: str | None = Field(default=None, description="Resource Manager endpoint.")
    management_groups: list[str] = Field(
        default_factory=list, description="Scan the subscriptions under these management groups."
    )
    max_concurrency: int | None = Field(
        default=None, ge=1, le=256, description="Collector calls in flight (--max-concurrency)."
    )


class Providers(Strict):
    aws: AwsConfig = Field(default_factory=AwsConfig)
    azure: AzureConfig = Field(default_factory=AzureConfig)


class FilterConfig(Strict):
    ids: list[str] = Field(default_factory=list, description="Policy ids or globs.")
    frameworks: list[str] = Field(default_factory=list, description="Framework ids or globs.")
    tags: list[str] = Field(default_factory=list, description="Policy tags or globs.")
    severities: list[Severity] = Field(default_factory=list)


class PoliciesConfig(Strict):
    builtin: bool = Field(default=True, description="Load the built-in packs (--no-builtin).")
    packs: list[str] | None = Field(
        default=None, description="Only these built-in packs (folders of policies/, e.g. aws)."
    )
    paths: list[str] = Field(default_factory=list, description="Extra policy files or folders.")
    include: FilterConfig = Field(default_factory=FilterConfig)
    exclude: FilterConfig = Field(default_factory=FilterConfig)
    min_severity: Severity | None = None
    params: dict[str, Any] = Field(
        default_factory=dict, description="Policy parameters (--param), e.g. allowed_regions."
    )


class OutputsConfig(Strict):
    dir: str | None = Field(default=None, description="Folder for reports (--output-dir).")
    formats: list[str] | None = Field(default=None, description="Formats (--format).")

    @field_validator("formats")
    @classmethod
    def _known(cls, value: list[str] | None) -> list[str] | None:
        from auditor.render import FORMATS

        for name in value or ():
            if name not in FORMATS:
                raise ValueError(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
        return value


class GateConfig(Strict):
    fail_on: str | None = Field(default=None, description="critical ... info, or never.")
    fail_on_new_only: bool | None = None
    baseline: str | None = Field(default=None, description="Previous results JSON.")
    waivers: str | None = Field(default=None, description="Waiver file.")

    @field_validator("fail_on")
    @classmethod
    def _severity(cls, value: str | None) -> str | None:
        choices = [*(s.value for s in Severity), "never"]
        if value is not None and value.lower() not in choices:
            raise ValueError(f"{value!r} is not one of: {', '.join(choices)}")
        return value


class Config(Strict):
    version: int = Field(default=1, ge=1, le=1, description="Format version of this file.")
    providers: Providers = Field(default_factory=Providers)
    policies: PoliciesConfig = Field(default_factory=PoliciesConfig)
    outputs: OutputsConfig = Field(default_factory=OutputsConfig)
    gate: GateConfig = Field(default_factory=GateConfig)


class LoadedConfig:
    """A config file's contents and the folder its relative paths start from."""

    def __init__(self, config: Config, path: Path | None) -> None:
        self.config = config
        self.path = path
        self.base = path.parent if path is not None else Path(".")

    def resolve(self, value: str | None) -> Path | None:
        if value is None:
            return None
        path = Path(value).expanduser()
        return path if path.is_absolute() else self.base / path


EMPTY = LoadedConfig(Config(), None)


def load_config(path: Path) -> LoadedConfig:
    """Read and validate a config file; raises :class:`ConfigError` naming file and line."""
    config, _, _ = load_model(path, Config, "config file", HINT)
    return LoadedConfig(config, path)


def find_config(explicit: Path | None, cwd: Path) -> Path | None:
    """``--config FILE`` if given (it must exist), else ./auditor.yaml if there is one."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"The config file {explicit} does not exist. {HINT}")
        return explicit
    default = cwd / DEFAULT_CONFIG_FILE
    return default if default.is_file() else None
