"""Where extraction runs: local worker processes, or an existing Dask cluster.

Owns mapping the pure ``process`` function over a chunk of documents, in order. The
local engine uses a process pool on this machine; the Dask engine submits the same
function to a Dask scheduler (``--scheduler ADDRESS``, or a local cluster of worker
processes when no address is given), so a corpus that outgrows one machine is extracted
across many, with exactly the statements of the single-process run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

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
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as error:  # pragma: no cover - dask is in requirements.txt
            raise EngineError("the dask engine needs dask[distributed] installed") from error
        cluster = None
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        try:
            yield lambda function, items: client.gather(client.map(function, items, pure=False))
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
        return
    raise EngineError(f"unknown engine {name!r} (use local or dask)")
