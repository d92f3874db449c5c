"""Recorded Azure Resource Manager replies, served to the real azure-mgmt clients.

:class:`ArmRoutes` maps a method and URL path to replies (JSON bodies, status codes,
headers such as ``Retry-After``) and pages lists with ``nextLink`` as ARM does.
:class:`ArmReplayTransport` plugs the routes into azure-core in place of HTTP, so the
demo (and the test suite) run every SDK call, policy and renderer without a network.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from azure.core.exceptions import HttpResponseError
from azure.core.pipeline.transport import HttpTransport
from azure.core.rest import HttpRequest, HttpResponse
from azure.core.utils import CaseInsensitiveDict

_REASONS = {
    200: "OK",
    201: "Created",
    204: "No Content",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
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


class ReplayResponse(HttpResponse):
    """A complete, already-read response, as azure-core's clients expect one."""

    def __init__(self, request: HttpRequest, reply: ArmReply) -> None:
        self._request = request
        self._status = reply.status
        self._content = b"" if reply.body is None else json.dumps(reply.body).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8", **reply.headers}
        self._headers: CaseInsensitiveDict = CaseInsensitiveDict(headers)
        self._encoding: str | None = "utf-8"

    @property
    def request(self) -> HttpRequest:
        return self._request

    @property
    def status_code(self) -> int:
        return self._status

    @property
    def headers(self) -> CaseInsensitiveDict:
        return self._headers

    @property
    def reason(self) -> str:
        return _REASONS.get(self._status, "")

    @property
    def content_type(self) -> str | None:
        return self._headers.get("Content-Type")

    @property
    def is_closed(self) -> bool:
        return True

    @property
    def is_stream_consumed(self) -> bool:
        return True

    @property
    def encoding(self) -> str | None:
        return self._encoding

    @encoding.setter
    def encoding(self, value: str | None) -> None:
        self._encoding = value

    @property
    def url(self) -> str:
        return self._request.url

    @property
    def content(self) -> bytes:
        return self._content

    def text(self, encoding: str | None = None) -> str:
        return self._content.decode(encoding or self._encoding or "utf-8")

    def json(self) -> Any:
        return json.loads(self._content) if self._content else None

    def raise_for_status(self) -> None:
        if self._status >= 400:
            raise HttpResponseError(response=self)

    def __enter__(self) -> ReplayResponse:
        return self

    def __exit__(self, *args: Any) -> None:
        pass

    def close(self) -> None:
        pass

    def read(self) -> bytes:
        return self._content

    def iter_raw(self, **kwargs: Any) -> Iterator[bytes]:
        yield self._content

    def iter_bytes(self, **kwargs: Any) -> Iterator[bytes]:
        yield self._content


class ArmReplayTransport(HttpTransport[Any, Any]):
    """An azure-core transport answering from :class:`ArmRoutes` instead of the network.

    Retry waits are recorded in :attr:`sleeps` instead of slept, so throttling is
    exercised at full speed.
    """

    def __init__(self, routes: ArmRoutes) -> None:
        self.routes = routes
        self.sleeps: list[float] = []

    def send(self, request: Any, **kwargs: Any) -> ReplayResponse:
        return ReplayResponse(request, self.routes.reply(request.method, request.url))

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
