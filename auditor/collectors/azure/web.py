"""App Service sites (web, API and function apps), each with its site configuration.

TLS, FTP and remote-debugging settings live in the site configuration, which
``web_apps.list`` leaves out, so each site gets one extra GET for it.
"""

from __future__ import annotations

from typing import Any

from auditor.collectors.azure.base import (
    AzureCollector,
    AzureScope,
    arm_resource,
    map_concurrently,
    plain_list,
    read_detail,
    resource_group_of,
)
from auditor.models import Resource

SITE = "azure.web.site"


def collect_sites(scope: AzureScope) -> list[Resource]:
    from azure.mgmt.web import WebSiteManagementClient

    client = scope.client(WebSiteManagementClient)

    def one(site: dict[str, Any]) -> Resource:
        group = resource_group_of(str(site.get("id") or ""))
        config, error = read_detail(
            lambda: client.web_apps.get_configuration(group, str(site["name"]))
        )
        return arm_resource(
            SITE,
            scope.subscription_id,
            site,
            extra={"config": config},
            errors={"config": error} if error else None,
        )

    return map_concurrently(one, plain_list(client.web_apps.list()))


COLLECTORS = [
    AzureCollector(
        resource_type=SITE,
        actions=("Microsoft.Web/sites/read", "Microsoft.Web/sites/config/read"),
        collect=collect_sites,
    )
]
