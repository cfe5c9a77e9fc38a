"""Where extraction runs: local worker processes, or an existing Dask cluster.

Owns mapping the pure ``process`` function over a chunk of documents, in order. The
local engine uses a process pool on this machine; the Dask engine submits the same
function to a Dask scheduler (``--scheduler ADDRESS``, or a local cluster of worker
processes when no address is given), so a corpus that outgrows one machine is extracted
across many, with exactly the statements of the single-process run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

PROJECT_ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")
R = TypeVar("R")
Mapper = Callable[[Callable[[T], R], list[T]], list[R]]


class EngineError(RuntimeError):
    """The requested engine cannot run here; the message says why."""


@contextmanager
def engine(name: str = "local", workers: int = 1, scheduler: str | None = None) -> Iterator[Mapper]:
    """A function mapping a callable over a list, order kept, on the chosen engine."""
    if name == "local":
        if workers <= 1:
            yield lambda function, items: [function(item) for item in items]
            return
        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield lambda function, items: list(pool.map(function, items, chunksize=8)) if len(items) > 1 \
                else [function(item) for item in items]
        return
    if name == "dask":
        with _dask_client(workers, scheduler) as client:
            yield lambda function, items: client.gather(client.map(function, items, pure=False))
        return
    raise EngineError(f"unknown engine {name!r} (use local or dask)")


@contextmanager
def _dask_client(workers: int, scheduler: str | None) -> Iterator[Any]:
    """A Dask client on the given scheduler, or on a local cluster started (and stopped) here.

    The local cluster runs the scheduler and each worker as its own ``python`` process
    (Dask's subprocess cluster with plain workers), the way workers run on other machines,
    rather than forking them from this process. Workers import this project, so its root
    goes on their ``PYTHONPATH``.
    """
    try:
        from dask.distributed import Client
        from distributed.deploy.subprocess import SubprocessCluster
    except ImportError as error:  # pragma: no cover - dask is in requirements.txt
        raise EngineError("the dask engine needs dask[distributed] installed") from error
    if scheduler:
        try:
            client = Client(scheduler)  # waits distributed.comm.timeouts.connect (Dask config)
        except (OSError, TimeoutError) as error:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from error
        with client:
            yield client
        return
    try:
        with _project_on_pythonpath():
            cluster = SubprocessCluster(n_workers=max(1, workers), threads_per_worker=1,
                                        worker_class="distributed.Worker", dashboard_address=None)
    except Exception as error:  # noqa: BLE001 - any start-up failure becomes one clear message
        raise EngineError(f"cannot start a local Dask cluster: {type(error).__name__}: {error}") from error
    with cluster, Client(cluster) as client:
        yield client


@contextmanager
def _project_on_pythonpath() -> Iterator[None]:
    """Put the project root on PYTHONPATH for the processes started inside the block."""
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), before]))
    try:
        yield
    finally:
        if before is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = before
