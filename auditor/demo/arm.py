"""Recorded Azure Resource Manager replies, served to the real azure-mgmt clients.

:class:`ArmRoutes` maps a method and URL path to replies (JSON bodies, status codes,
headers such as ``Retry-After``) and pages lists with ``nextLink`` as ARM does.
:class:`ArmReplayTransport` plugs the routes into azure-core in place of HTTP, so the
demo (and the test suite) run every SDK call, policy and renderer without a network.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from azure.core.pipeline.transport import HttpTransport

from auditor.collectors.azure.responses import JsonResponse

PAGE_TOKEN = "$skiptoken"


@dataclass(frozen=True)
class ArmReply:
    """One HTTP reply: status, JSON body and headers."""

    status: int = 200
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)


def arm_error(status: int, code: str, message: str, **headers: str) -> ArmReply:
    """An ARM error reply, in the ``{"error": {"code", "message"}}`` shape ARM uses."""
    return ArmReply(status, {"error": {"code": code, "message": message}}, headers)


@dataclass(frozen=True)
class _Page:
    items: tuple[Any, ...]
    next_token: str | None


class ArmRoutes:
    """Replies by (method, path); paths compare without case, as ARM ids do.

    Several replies for one route are served in turn and the last one repeats, so
    ``add(path, throttled, ok)`` answers 429 once and then succeeds. Every request is
    recorded in :attr:`calls`.
    """

    def __init__(self) -> None:
        self._routes: dict[tuple[str, str, str], list[ArmReply | _Page]] = {}
        self._lock = threading.Lock()
        self.calls: list[tuple[str, str]] = []

    def add(self, path: str, *replies: ArmReply | Any, method: str = "GET") -> ArmRoutes:
        """Serve ``replies`` (ArmReply, or a JSON body for a 200) at ``path``."""
        served = [r if isinstance(r, ArmReply) else ArmReply(200, r) for r in replies]
        self._routes[(method.upper(), _key(path), "")] = list(served)
        return self

    def add_default(self, path: str, *replies: ArmReply | Any) -> ArmRoutes:
        """Like :meth:`add`, unless ``path`` already has replies of its own."""
        if ("GET", _key(path), "") not in self._routes:
            self.add(path, *replies)
        return self

    def add_list(self, path: str, items: Sequence[Any], page_size: int = 0) -> ArmRoutes:
        """Serve ``items`` as an ARM list at ``path``, ``page_size`` per page (0: one page)."""
        size = page_size or max(1, len(items))
        chunks = [tuple(items[i : i + size]) for i in range(0, len(items), size)] or [()]
        for n, chunk in enumerate(chunks):
            token = str(n + 1) if n + 1 < len(chunks) else None
            self._routes[("GET", _key(path), str(n) if n else "")] = [_Page(chunk, token)]
        return self

    def reply(self, method: str, url: str) -> ArmReply:
        parts = urlsplit(url)
        token = (parse_qs(parts.query).get(PAGE_TOKEN) or [""])[0]
        with self._lock:
            self.calls.append((method.upper(), url))
            queue = self._routes.get((method.upper(), _key(unquote(parts.path)), token))
            if not queue:
                return arm_error(
                    404, "ResourceNotFound", f"No recorded reply for {method} {parts.path}"
                )
            served = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(served, _Page):
            body: dict[str, Any] = {"value": list(served.items)}
            if served.next_token is not None:
                origin = f"{parts.scheme}://{parts.netloc}"
                body["nextLink"] = f"{origin}{parts.path}?{PAGE_TOKEN}={served.next_token}"
            return ArmReply(200, body)
        return served

    def paths_called(self) -> list[str]:
        return [unquote(urlsplit(url).path) for _, url in self.calls]


def _key(path: str) -> str:
    return "/" + path.strip("/").lower()


class ArmReplayTransport(HttpTransport[Any, Any]):
    """An azure-core transport answering from :class:`ArmRoutes` instead of the network.

    Retry waits are recorded in :attr:`sleeps` instead of slept, so throttling is
    exercised at full speed.
    """

    def __init__(self, routes: ArmRoutes) -> None:
        self.routes = routes
        self.sleeps: list[float] = []

    def send(self, request: Any, **kwargs: Any) -> JsonResponse:
        reply = self.routes.reply(request.method, request.url)
        return JsonResponse(request, reply.status, reply.body, reply.headers)

    def sleep(self, duration: float) -> None:
        self.sleeps.append(duration)

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> ArmReplayTransport:
        return self

    def __exit__(self, *args: Any) -> None:
        pass
