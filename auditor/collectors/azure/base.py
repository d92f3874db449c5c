"""The shape of an Azure collector, the scope it runs in, and its ARM helpers."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from azure.core.exceptions import AzureError, HttpResponseError

from auditor.collectors.azure.clients import ClientFactory
from auditor.collectors.azure.plain import to_plain
from auditor.models import Resource

T = TypeVar("T")
R = TypeVar("R")

READER = "Reader"
"""The built-in role that covers every control-plane read the collectors make."""


@dataclass
class AzureScope:
    """One unit of collection work: one subscription, with clients built on first use."""

    factory: ClientFactory
    subscription_id: str
    _clients: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def client(self, client_class: Any) -> Any:
        """A client of ``client_class`` for this subscription, built once per scope."""
        return self._cached(client_class, self.subscription_id)

    def tenant_client(self, client_class: Any) -> Any:
        """A client that takes no subscription id (such as SubscriptionClient)."""
        return self._cached(client_class, None)

    def _cached(self, client_class: Any, subscription_id: str | None) -> Any:
        key = f"{client_class.__module__}.{client_class.__qualname__}:{subscription_id}"
        with self._lock:  # detail reads may ask for a client from several threads
            if key not in self._clients:
                self._clients[key] = self.factory.client(client_class, subscription_id)
            return self._clients[key]


@dataclass(frozen=True)
class AzureCollector:
    """Collects one resource type in one subscription.

    ``actions`` lists every ARM permission it may use (all reads), ``roles`` the built-in
    roles that grant them; ``auditor permissions azure`` prints both.
    """

    resource_type: str
    actions: tuple[str, ...]
    collect: Callable[[AzureScope], list[Resource]]
    roles: tuple[str, ...] = (READER,)


def error_code(exc: BaseException) -> str:
    if isinstance(exc, HttpResponseError):
        if exc.error is not None and exc.error.code:
            return str(exc.error.code)
        if exc.status_code is not None:
            return f"HTTP {exc.status_code}"
    return type(exc).__name__


def error_message(exc: BaseException) -> str:
    if isinstance(exc, HttpResponseError):
        if exc.error is not None and exc.error.message:
            return str(exc.error.message)
        return str(exc.reason or exc.message or exc).splitlines()[0]
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def describe(exc: BaseException) -> tuple[str, str]:
    return error_code(exc), error_message(exc)


AZURE_ERRORS: tuple[type[BaseException], ...] = (AzureError,)


def resource_group_of(resource_id: str) -> str:
    """The resource group named in an ARM id, or "" for a subscription-level id."""
    parts = resource_id.split("/")
    for i, part in enumerate(parts[:-1]):
        if part.lower() == "resourcegroups":
            return parts[i + 1]
    return ""


def arm_resource(
    resource_type: str,
    subscription_id: str,
    data: Mapping[str, Any],
    *,
    extra: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
) -> Resource:
    """A Resource from one ARM object: its JSON as ARM returned it, plus ``extra`` keys."""
    properties = dict(data)
    properties.update(extra or {})
    tags = data.get("tags") or {}
    return Resource(
        type=resource_type,
        id=str(data.get("id") or ""),
        name=str(data.get("name") or ""),
        provider="azure",
        account=subscription_id,
        region=str(data.get("location") or "").lower().replace(" ", ""),
        tags={str(k): str(v) for k, v in tags.items()},
        properties=properties,
        errors=dict(errors or {}),
    )


def plain_list(items: Iterable[Any]) -> list[dict[str, Any]]:
    """Every item of an SDK pager (every page is fetched) as plain ARM JSON."""
    return [to_plain(item) for item in items]


DETAIL_WORKERS = 8
"""Concurrent per-resource GETs within one collector task (the runner bounds the tasks)."""


def map_concurrently(
    fn: Callable[[T], R], items: Iterable[T], workers: int = DETAIL_WORKERS
) -> list[R]:
    """``[fn(item) for item in items]``, run on a small pool; order is kept.

    For the extra GET a collector makes per resource (blob service properties, firewall
    rules): one subscription with hundreds of resources should not wait on them in turn.
    The azure-mgmt clients are safe to share between threads.
    """
    listed = list(items)
    if len(listed) <= 1:
        return [fn(item) for item in listed]
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(listed)))) as pool:
        return list(pool.map(fn, listed))


def read_detail(call: Callable[[], Any], absent: Iterable[int] = (404,)) -> tuple[Any, str | None]:
    """One extra GET for a resource: (plain data, None), or (None, why it failed).

    A status in ``absent`` means the detail does not exist, which is a fact, not an error.
    """
    try:
        return to_plain(call()), None
    except HttpResponseError as exc:
        if exc.status_code in set(absent):
            return None, None
        return None, f"{error_code(exc)}: {error_message(exc)}"
    except AzureError as exc:
        return None, f"{error_code(exc)}: {error_message(exc)}"
