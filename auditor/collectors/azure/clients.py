"""One factory builds every azure-mgmt client: same endpoint, credential scope and policies.

Every client gets a bounded retry policy (throttling and server errors are retried,
honouring ``Retry-After`` but never waiting without limit) and a guard that keeps any
request other than a read from being sent, so no code path (including the SDK's
automatic resource-provider registration) can change a subscription.
"""

from __future__ import annotations

from typing import Any

from azure.core.credentials import TokenCredential
from azure.core.pipeline import PipelineRequest, PipelineResponse
from azure.core.pipeline.policies import HTTPPolicy, RetryPolicy

from auditor.collectors.azure.credentials import credential_scope, normalise_endpoint
from auditor.collectors.azure.responses import JsonResponse

READ_METHODS = frozenset({"GET", "HEAD"})
MAX_RETRY_AFTER = 60.0
"""Longest single wait a ``Retry-After`` header can impose, in seconds."""
RETRY_SETTINGS: dict[str, Any] = {
    "retry_total": 5,
    "retry_status": 5,
    "retry_backoff_factor": 0.8,
    "retry_backoff_max": 30,
    "timeout": 300,  # total seconds one call may spend, waits included
}


REFUSED_CODE = "ReadOnlyViolation"


class ReadOnlyPolicy(HTTPPolicy[Any, Any]):
    """Answers every request that is not a GET or HEAD itself, with a 405, unsent.

    Answering rather than raising lets the SDK's automatic resource-provider
    registration (a POST on a 409 ``MissingSubscriptionRegistration``) fail quietly, so
    the original 409 surfaces; direct calls fail with an ``HttpResponseError`` whose
    code is ``ReadOnlyViolation``.
    """

    def send(self, request: PipelineRequest[Any]) -> PipelineResponse[Any, Any]:
        method = request.http_request.method.upper()
        if method in READ_METHODS:
            return self.next.send(request)
        body = {
            "error": {
                "code": REFUSED_CODE,
                "message": f"refused to send {method} {request.http_request.url}: "
                "auditor only reads",
            }
        }
        return PipelineResponse(
            request.http_request,
            JsonResponse(request.http_request, 405, body),
            context=request.context,
        )


class BoundedRetryPolicy(RetryPolicy[Any, Any]):
    """azure-core's retry policy with each ``Retry-After`` wait capped."""

    def get_retry_after(self, response: PipelineResponse[Any, Any]) -> float | None:
        wait = super().get_retry_after(response)
        return None if wait is None else min(wait, MAX_RETRY_AFTER)


class ClientFactory:
    """Builds azure-mgmt clients for one endpoint and credential.

    ``transport`` replaces the HTTP transport (the demo and tests serve recorded ARM
    responses through it); ``None`` uses azure-core's default.
    """

    def __init__(
        self,
        credential: TokenCredential,
        endpoint: str | None = None,
        transport: Any = None,
    ) -> None:
        self.credential = credential
        self.endpoint = normalise_endpoint(endpoint)
        self.scope = credential_scope(self.endpoint)
        self.transport = transport

    def options(self) -> dict[str, Any]:
        """Keyword arguments every azure-mgmt client constructor accepts."""
        options: dict[str, Any] = {
            "base_url": self.endpoint,
            "credential_scopes": [self.scope],
            "retry_policy": BoundedRetryPolicy(**RETRY_SETTINGS),
            "custom_hook_policy": ReadOnlyPolicy(),
            "user_agent": "auditor",
        }
        if self.transport is not None:
            options["transport"] = self.transport
        return options

    def client(self, client_class: Any, subscription_id: str | None = None) -> Any:
        """``client_class(credential, [subscription_id], **options)``."""
        if subscription_id is None:
            return client_class(self.credential, **self.options())
        return client_class(self.credential, subscription_id, **self.options())
