"""Virtual machines and managed disks, each listed subscription-wide.

Both lists return every property the policies read (a VM's security and storage
profiles, a disk's encryption, state and network access), so there are no extra GETs.
"""

from __future__ import annotations

from auditor.collectors.azure.base import AzureCollector, AzureScope, arm_resource, plain_list
from auditor.models import Resource

VM = "azure.compute.vm"
DISK = "azure.compute.disk"


def collect_vms(scope: AzureScope) -> list[Resource]:
    from azure.mgmt.compute import ComputeManagementClient

    client = scope.client(ComputeManagementClient)
    return [
        arm_resource(VM, scope.subscription_id, vm)
        for vm in plain_list(client.virtual_machines.list_all())
    ]


def collect_disks(scope: AzureScope) -> list[Resource]:
    from azure.mgmt.compute import ComputeManagementClient

    client = scope.client(ComputeManagementClient)
    return [
        arm_resource(DISK, scope.subscription_id, disk) for disk in plain_list(client.disks.list())
    ]


COLLECTORS = [
    AzureCollector(
        resource_type=VM,
        actions=("Microsoft.Compute/virtualMachines/read",),
        collect=collect_vms,
    ),
    AzureCollector(
        resource_type=DISK,
        actions=("Microsoft.Compute/disks/read",),
        collect=collect_disks,
    ),
]
