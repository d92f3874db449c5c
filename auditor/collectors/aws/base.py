"""The shape of an AWS collector and the scope it runs in."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import boto3
import botocore.session
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from auditor.models import Resource

# Standard retry mode backs off on throttling and honours the service's hints.
RETRY_CONFIG = Config(
    retries={"mode": "standard", "max_attempts": 6},
    connect_timeout=10,
    read_timeout=30,
    max_pool_connections=32,
    user_agent_extra="auditor",
)
S3_PATH_STYLE = Config(s3={"addressing_style": "path"})


class SessionFactory:
    """Builds boto3 clients from one session, once per service and region.

    Sessions are not thread-safe but clients are, so client creation is serialised and
    every thread shares the result. One session per thread would load every service
    model and endpoint ruleset once per thread: slower, and hundreds of MiB on a wide
    scan.
    """

    def __init__(
        self,
        profile: str | None = None,
        endpoint_url: str | None = None,
        credentials: Mapping[str, str] | None = None,
        loader: Any = None,
    ) -> None:
        self.profile = profile
        self.endpoint_url = endpoint_url
        self.credentials = dict(credentials or {})
        self._lock = threading.RLock()
        self._session: boto3.Session | None = None
        self._clients: dict[tuple[str, str], Any] = {}
        self._loader = loader

    def session(self) -> boto3.Session:
        with self._lock:
            if self._session is None:
                core = botocore.session.get_session()
                if self._loader is not None:
                    core.register_component("data_loader", self._loader)
                if self.credentials:
                    self._session = boto3.Session(
                        aws_access_key_id=self.credentials["aws_access_key_id"],
                        aws_secret_access_key=self.credentials["aws_secret_access_key"],
                        aws_session_token=self.credentials.get("aws_session_token"),
                        botocore_session=core,
                    )
                else:
                    self._session = boto3.Session(profile_name=self.profile, botocore_session=core)
            return self._session

    def with_credentials(self, credentials: Mapping[str, str]) -> SessionFactory:
        """The same endpoint, read as another identity (a role assumed in a member account).

        The new factory shares this one's model loader, so an organisation of hundreds of
        accounts parses each service model and endpoint ruleset once, not once per account.
        """
        loader = self.session()._session.get_component("data_loader")
        return SessionFactory(None, self.endpoint_url, credentials, loader)

    def client(self, service: str, region: str) -> Any:
        with self._lock:
            client = self._clients.get((service, region))
            if client is None:
                client = self._new_client(service, region)
                self._clients[(service, region)] = client
            return client

    def _new_client(self, service: str, region: str) -> Any:
        config = RETRY_CONFIG
        if service in ("s3", "s3control") and self.endpoint_url:
            config = config.merge(S3_PATH_STYLE)
        client = self.session().client(
            service,  # type: ignore[call-overload]
            region_name=region,
            endpoint_url=self.endpoint_url,
            config=config,
        )
        if service == "s3control" and self.endpoint_url:
            _keep_endpoint_host(client, self.endpoint_url)
        return client


def _keep_endpoint_host(client: Any, endpoint_url: str) -> None:
    """Send S3 Control calls to the endpoint as given.

    S3 Control's endpoint rules put the account id in front of the host
    (``123456789012.127.0.0.1``), which no local emulator resolves; neither
    ``inject_host_prefix`` nor ``AWS_DISABLE_HOST_PREFIX_INJECTION`` changes that.
    The host is put back before the request is signed.
    """
    netloc = urlsplit(endpoint_url).netloc

    def restore(request: Any, **_: Any) -> None:
        request.url = urlunsplit(urlsplit(request.url)._replace(netloc=netloc))

    client.meta.events.register("before-sign.s3-control", restore)


@dataclass
class AwsScope:
    """One unit of collection work: an account in a region (or globally)."""

    factory: SessionFactory
    account: str
    region: str
    partition: str = "aws"
    regions: tuple[str, ...] = ()
    _clients: dict[tuple[str, str], Any] = field(default_factory=dict)

    def client(self, service: str, region: str | None = None) -> Any:
        key = (service, region or self.region)
        if key not in self._clients:
            self._clients[key] = self.factory.client(service, key[1])
        return self._clients[key]


@dataclass(frozen=True)
class AwsCollector:
    """Collects one resource type. ``operations`` lists every IAM action it may call."""

    resource_type: str
    regional: bool
    operations: tuple[str, ...]
    collect: Callable[[AwsScope], list[Resource]]


def error_code(exc: BaseException) -> str:
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code") or "ClientError")
    return type(exc).__name__


def error_message(exc: BaseException) -> str:
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Message") or exc)
    return str(exc)


def paginate(client: Any, operation: str, key: str, **kwargs: Any) -> Iterator[Any]:
    """Every item under ``key`` across all pages."""
    if client.can_paginate(operation):
        for page in client.get_paginator(operation).paginate(**kwargs):
            yield from page.get(key) or ()
    else:
        yield from getattr(client, operation)(**kwargs).get(key) or ()


AWS_ERRORS: tuple[type[BaseException], ...] = (ClientError, BotoCoreError)
