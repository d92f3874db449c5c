"""What every provider's collection shares: the static catalogue and a progress seam."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Protocol

from auditor.models import CollectionError, Resource


@dataclass(frozen=True)
class CatalogEntry:
    """A resource type a collector can produce, known without importing any SDK."""

    resource_type: str
    provider: str
    description: str


class Progress(Protocol):
    """Told about collection work as it happens; the CLI draws it as a progress bar."""

    def add(self, total: int) -> None: ...

    def done(self, label: str) -> None: ...


class NoProgress:
    def add(self, total: int) -> None:
        pass

    def done(self, label: str) -> None:
        pass


@dataclass(frozen=True)
class Task:
    """One call of one collector in one scope."""

    resource_type: str
    provider: str
    account: str
    region: str
    run: Callable[[], list[Resource]]

    @property
    def label(self) -> str:
        return f"{self.resource_type} {self.account} {self.region or 'global'}".strip()


def run_tasks(
    tasks: Sequence[Task],
    *,
    workers: int,
    progress: Progress,
    describe_error: Callable[[BaseException], tuple[str, str]],
) -> tuple[list[Resource], list[CollectionError]]:
    """Run collectors concurrently; a failure becomes a CollectionError, never a crash.

    ``describe_error`` turns a provider's exception into ``(code, message)``.
    """
    resources: list[Resource] = []
    errors: list[CollectionError] = []
    progress.add(len(tasks))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {pool.submit(task.run): task for task in tasks}
        for future in as_completed(futures):
            task = futures[future]
            try:
                resources.extend(future.result())
            except Exception as exc:  # every failure is recorded, none is swallowed
                code, message = describe_error(exc)
                errors.append(
                    CollectionError(
                        task.resource_type, task.provider, task.account, task.region, code, message
                    )
                )
            progress.done(task.label)
    resources.sort(key=lambda r: (r.type, r.account, r.region, r.id))
    errors.sort(key=lambda e: (e.resource_type, e.account, e.region))
    return resources, errors
