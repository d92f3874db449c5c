"""Which identity reads the subscriptions, and for which ARM endpoint it asks for tokens."""

from __future__ import annotations

import base64
import json
import time
from typing import Any
from urllib.parse import urlsplit

from azure.core.credentials import AccessToken, TokenCredential

PUBLIC_ARM_ENDPOINT = "https://management.azure.com"
_STATIC_TOKEN_LIFETIME = 3600


def normalise_endpoint(endpoint: str | None) -> str:
    """The ARM base URL without a trailing slash; the public cloud when none is given."""
    return (endpoint or PUBLIC_ARM_ENDPOINT).rstrip("/")


def credential_scope(endpoint: str) -> str:
    """ARM accepts tokens whose audience is the endpoint's origin, in every cloud."""
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}/.default"


class StaticTokenCredential:
    """A pre-fetched ARM access token (a pipeline's ``az account get-access-token``).

    It cannot be refreshed: once it expires, calls fail with 401 and become errors.
    """

    def __init__(self, token: str) -> None:
        self._token = token.strip()
        claims = token_claims(self._token)
        exp = claims.get("exp")
        self._expires_on = (
            int(exp) if isinstance(exp, int | float) else int(time.time()) + _STATIC_TOKEN_LIFETIME
        )

    def get_token(
        self,
        *scopes: str,
        claims: str | None = None,
        tenant_id: str | None = None,
        enable_cae: bool = False,
        **kwargs: Any,
    ) -> AccessToken:
        return AccessToken(self._token, self._expires_on)


class TenantCredential:
    """Asks the wrapped credential for tokens from one named tenant (``--tenant``)."""

    def __init__(self, inner: TokenCredential, tenant_id: str) -> None:
        self._inner = inner
        self._tenant_id = tenant_id

    def get_token(
        self,
        *scopes: str,
        claims: str | None = None,
        tenant_id: str | None = None,
        enable_cae: bool = False,
        **kwargs: Any,
    ) -> AccessToken:
        return self._inner.get_token(
            *scopes, claims=claims, tenant_id=self._tenant_id, enable_cae=enable_cae, **kwargs
        )


def make_credential(token: str | None, tenant_id: str | None) -> TokenCredential:
    """A static bearer token when one is given, otherwise azure-identity's usual chain."""
    if token:
        return StaticTokenCredential(token)
    from azure.identity import DefaultAzureCredential

    tenant_kwargs: dict[str, Any] = {}
    if tenant_id:
        tenant_kwargs = {
            "additionally_allowed_tenants": [tenant_id],
            "workload_identity_tenant_id": tenant_id,
            "shared_cache_tenant_id": tenant_id,
            "visual_studio_code_tenant_id": tenant_id,
        }
    default = DefaultAzureCredential(**tenant_kwargs)
    return TenantCredential(default, tenant_id) if tenant_id else default


def token_claims(token: str) -> dict[str, Any]:
    """The unverified claims of a JWT access token, for naming the identity; {} otherwise."""
    parts = token.split(".")
    if len(parts) != 3:
        return {}
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload))
    except ValueError:
        return {}
    return claims if isinstance(claims, dict) else {}


def describe_identity(claims: dict[str, Any]) -> str:
    """A readable name for who the token belongs to: user, app or managed identity."""
    name = (
        claims.get("upn")
        or claims.get("unique_name")
        or claims.get("app_displayname")
        or (f"app {claims['appid']}" if claims.get("appid") else None)
    )
    details = [
        f"{label} {claims[key]}"
        for key, label in (("oid", "oid"), ("tid", "tenant"))
        if claims.get(key)
    ]
    if name:
        return f"{name} ({'; '.join(details)})" if details else str(name)
    return "; ".join(details) or "an access token without identity claims"
