"""Where extraction runs: local worker processes, or an existing Dask cluster.

Owns mapping the pure ``process`` function over a chunk of documents, in order. The
local engine uses a process pool on this machine; the Dask engine submits the same
function to a Dask scheduler (``--scheduler ADDRESS``, or a local cluster of worker
processes when no address is given), so a corpus that outgrows one machine is extracted
across many, with exactly the statements of the single-process run.

Also owns the lifetime of those processes: they never outlive the ingest. Local workers
watch their parent and exit when it is gone (SIGKILL, OOM killer), ignore the terminal's
Ctrl-C and hang-up (the parent handles those and stops them), and are killed, not waited
for, when the parent stops early. A local Dask cluster's workers are listed with a reaper
process (``db/reaper.py``) that kills them if the parent dies first (its scheduler runs
in the parent).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, TypeVar

PROJECT_ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")
R = TypeVar("R")
_log = logging.getLogger(__name__)


class EngineError(RuntimeError):
    """The requested engine cannot run here; the message says why."""


class Pending(Generic[R]):
    """Work handed to an engine; ``result()`` waits for it and gives the results in order."""

    def __init__(self, collect: Callable[[], list[R]]) -> None:
        self._collect = collect

    def result(self) -> list[R]:
        return self._collect()


class Engine:
    """Maps a function over a list, order kept: ``engine(function, items)`` waits for the
    results; ``engine.submit(function, items)`` returns at once, so the caller can store the
    previous chunk while the workers extract this one."""

    def __init__(self, submit: Callable[[Callable[[T], R], list[T]], Pending[R]]) -> None:
        self.submit = submit

    def __call__(self, function: Callable[[T], R], items: list[T]) -> list[R]:
        return self.submit(function, items).result()


def _in_process(function: Callable[[T], R], items: list[T]) -> Pending[R]:
    return Pending(lambda: [function(item) for item in items])


DASK_BATCH = 32  # documents per Dask task: one task per document spent more in scheduling than in extraction


def _apply_each(items: list[T], function: Callable[[T], R]) -> list[R]:
    """One Dask task: ``function`` over a batch of items."""
    return [function(item) for item in items]


@contextmanager
def engine(name: str = "local", workers: int = 1, scheduler: str | None = None) -> Iterator[Engine]:
    """An ``Engine`` mapping a callable over a list, order kept, on the chosen engine."""
    if name == "local":
        if workers <= 1:
            yield Engine(_in_process)
            return
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_start, initargs=(os.getpid(),))

        def submit(function: Callable[[T], R], items: list[T]) -> Pending[R]:
            if len(items) <= 1:
                return _in_process(function, items)
            results = pool.map(function, items, chunksize=8)  # every task is queued now
            return Pending(lambda: list(results))

        try:
            yield Engine(submit)
        except BaseException:
            _kill_pool(pool)  # stopping early: the chunk being extracted is not wanted any more
            raise
        pool.shutdown(wait=True)
        return
    if name == "dask":
        with _dask_client(workers, scheduler) as client:
            def submit_dask(function: Callable[[T], R], items: list[T]) -> Pending[R]:
                batches = [items[i:i + DASK_BATCH] for i in range(0, len(items), DASK_BATCH)]
                futures = client.map(_apply_each, batches, function=function, pure=False)
                return Pending(lambda: [result for batch in client.gather(futures) for result in batch])

            yield Engine(submit_dask)
        return
    raise EngineError(f"unknown engine {name!r} (use local or dask)")


PARENT_POLL_SECONDS = 0.25


def _worker_start(parent: int) -> None:
    """In each local worker: leave Ctrl-C and hang-up to the parent, and exit as soon as
    the parent is gone (a worker blocked on its task queue would otherwise wait forever,
    holding the terminal's or a pipe's output open)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _kill_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a process pool now: kill its workers, drop queued work, reap them."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public way to reach them
    for process in processes:
        if process.is_alive():
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(timeout=5)


@contextmanager
def _reaper() -> Iterator[Callable[[], None]]:
    """A reaper process; the callable lists with it the processes started since the block
    began (the cluster). Leaving the block closes its pipe, so it kills whatever of them is
    still alive."""
    import psutil

    before = {child.pid for child in psutil.Process().children(recursive=True)}
    reaper = subprocess.Popen([sys.executable, str(Path(__file__).with_name("reaper.py"))], stdin=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, text=True)

    def register() -> None:
        for child in psutil.Process().children(recursive=True):
            if child.pid != reaper.pid and child.pid not in before:
                try:
                    reaper.stdin.write(f"{child.pid} {child.create_time()}\n")
                except psutil.Error:
                    continue
        reaper.stdin.flush()

    try:
        yield register
    finally:
        reaper.stdin.close()
        try:
            reaper.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - it only waits for a few processes
            pass


@contextmanager
def _dask_client(workers: int, scheduler: str | None) -> Iterator[Any]:
    """A Dask client on the given scheduler, or on a local cluster started (and stopped) here.

    The local cluster runs each worker as its own ``python`` process (Dask's subprocess
    workers, plain ``distributed.Worker``), the way workers run on other machines, rather
    than forking them from this process; its scheduler runs here (``_local_cluster``).
    Workers import this project, so its root goes on their ``PYTHONPATH``.
    """
    try:
        from dask.distributed import Client
    except ImportError as error:  # pragma: no cover - dask is in requirements.txt
        raise EngineError("the dask engine needs dask[distributed] installed") from error
    if scheduler:
        try:
            client = Client(scheduler)  # waits distributed.comm.timeouts.connect (Dask config)
        except (OSError, TimeoutError) as error:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from error
        with client:
            try:
                yield client
            except BaseException:
                _quiet_abandoned_tasks()
                raise
        return
    with _reaper() as register:
        try:
            with _project_on_pythonpath():
                cluster = _local_cluster(max(1, workers))
        except Exception as error:  # noqa: BLE001 - any start-up failure becomes one clear message
            register()
            raise EngineError(f"cannot start a local Dask cluster: {type(error).__name__}: {error}") from error
        register()
        with cluster, Client(cluster) as client:
            register()
            try:
                yield client
            except BaseException:
                _quiet_abandoned_tasks()
                raise


def _local_cluster(workers: int) -> Any:
    """A scheduler in this process and ``workers`` worker processes, each its own ``python``.

    Dask's ``SubprocessCluster`` runs the scheduler as a process too: a ``python`` that
    imports ``distributed`` (about 1 s here) before any worker can start, every ingest,
    while this process has ``distributed`` imported already. The workers are the same
    subprocess workers, started as soon as the scheduler listens.
    """
    from distributed import Scheduler, SpecCluster
    from distributed.deploy.subprocess import SubprocessWorker
    from distributed.worker_memory import parse_memory_limit

    worker = {"cls": SubprocessWorker,
              "options": {"worker_class": "distributed.Worker",
                          "worker_kwargs": {"host": "127.0.0.1", "nthreads": 1, "silence_logs": logging.WARN,
                                            "memory_limit": parse_memory_limit("auto", 1, workers, logger=_log)}}}
    scheduler = {"cls": Scheduler, "options": {"host": "127.0.0.1", "port": 0, "dashboard": False}}
    return SpecCluster(workers=dict.fromkeys(range(workers), worker), worker=worker, scheduler=scheduler,
                       silence_logs=logging.WARN, name="positions")


def _quiet_abandoned_tasks() -> None:
    """Stopping mid-gather abandons the client's pending tasks; when the cluster closes they
    fail (AllExit) unretrieved and asyncio would log a traceback for each. Nobody is waiting
    for them any more, so those logs are noise on an early stop."""
    for name in ("asyncio", "distributed", "tornado"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


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
