"""Where extraction runs: local worker processes, or an existing Dask cluster.

Owns mapping the pure ``process`` function over a chunk of documents, in order. The
local engine uses a process pool on this machine; the Dask engine submits the same
function to a Dask scheduler (``--scheduler ADDRESS``, or a local cluster of worker
processes when no address is given), so a corpus that outgrows one machine is extracted
across many, with exactly the statements of the single-process run.

Also owns stopping early and the lifetime of those processes: they never outlive the
ingest. The caller's ``stop`` (a callable, true once the caller wants to stop) is asked
while waiting for results, every ``STOP_POLL_SECONDS``; when it answers, waiting ends with
``StopRequested``. Local workers watch their parent and exit when it is gone (SIGKILL, OOM
killer) and ignore Ctrl-C, hang-up and SIGTERM (the parent handles those and stops them).
They are never killed by the parent: a worker killed while writing its result leaves half
a message in the result pipe, on which the pool's manager thread then waits forever.
Instead, stopping early sets a flag they share, so each ends the document it is on and
drops the rest of its batch (``LOCAL_BATCH`` documents), while the work not started is
cancelled; then the pool is shut down and waited for, manager thread included. A local
Dask cluster's workers are listed with a reaper process (``db/reaper.py``) that kills
them if the parent dies first (its scheduler runs in the parent).
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, TypeVar

PROJECT_ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")
R = TypeVar("R")
_log = logging.getLogger(__name__)


class EngineError(RuntimeError):
    """The requested engine cannot run here; the message says why."""


Stop = Callable[[], object]  # asked at safe points; a true answer (e.g. "SIGTERM", the reason) stops
STOP_POLL_SECONDS = 0.2  # how often waiting for the workers asks ``stop``


class StopRequested(Exception):
    """The caller's ``stop`` answered: end early. Raised only where nothing is half done
    (while waiting for results, or where the caller asks ``check_stop``); the message is the
    reason."""


def check_stop(stop: Stop | None) -> None:
    """Raise StopRequested if ``stop`` says so."""
    if stop is None:
        return
    reason = stop()
    if reason:
        raise StopRequested(reason if isinstance(reason, str) else "stopped")


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


def _in_process(stop: Stop | None) -> Callable[[Callable[[T], R], list[T]], Pending[R]]:
    def submit(function: Callable[[T], R], items: list[T]) -> Pending[R]:
        def collect() -> list[R]:
            results = []
            for item in items:  # between two items nothing is half done
                check_stop(stop)
                results.append(function(item))
            return results

        return Pending(collect)

    return submit


DASK_BATCH = 32  # documents per Dask task: one task per document spent more in scheduling than in extraction
LOCAL_BATCH = 8  # documents per local task: a stop waits for at most one document per worker


def _apply_each(items: list[T], function: Callable[[T], R]) -> list[R]:
    """One Dask task: ``function`` over a batch of items."""
    return [function(item) for item in items]


@contextmanager
def engine(name: str = "local", workers: int = 1, scheduler: str | None = None,
           stop: Stop | None = None) -> Iterator[Engine]:
    """An ``Engine`` mapping a callable over a list, order kept, on the chosen engine.

    Waiting for results asks ``stop`` every ``STOP_POLL_SECONDS`` and raises StopRequested
    when it answers; leaving the block with an exception stops the workers' work."""
    if name == "local":
        if workers <= 1:
            yield Engine(_in_process(stop))
            return
        stopping = multiprocessing.get_context().RawValue(ctypes.c_bool, False)  # no lock: read by every worker
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_start, initargs=(os.getpid(), stopping))

        def submit(function: Callable[[T], R], items: list[T]) -> Pending[R]:
            if len(items) <= 1:
                return _in_process(stop)(function, items)
            futures = [pool.submit(_apply_local, items[i:i + LOCAL_BATCH], function)  # every task is queued now
                       for i in range(0, len(items), LOCAL_BATCH)]
            return Pending(lambda: [result for future in futures for result in _result(future, stop)])

        try:
            yield Engine(submit)
        except BaseException:
            _stop_pool(pool, stopping)  # stopping early: the chunk being extracted is not wanted any more
            raise
        pool.shutdown(wait=True)
        return
    if name == "dask":
        with _dask_client(workers, scheduler) as client:
            def submit_dask(function: Callable[[T], R], items: list[T]) -> Pending[R]:
                batches = [items[i:i + DASK_BATCH] for i in range(0, len(items), DASK_BATCH)]
                futures = client.map(_apply_each, batches, function=function, pure=False)

                def collect() -> list[R]:
                    _wait_dask(futures, stop)
                    return [result for batch in client.gather(futures) for result in batch]

                return Pending(collect)

            yield Engine(submit_dask)
        return
    raise EngineError(f"unknown engine {name!r} (use local or dask)")


def _result(future: Future, stop: Stop | None) -> list:
    """A local task's results, asking ``stop`` while waiting for them (and once more when
    they are there: a stop wins over whatever the task ended with)."""
    while stop is not None:
        check_stop(stop)
        if future.done():
            break
        wait_futures([future], timeout=STOP_POLL_SECONDS)
    return future.result()


def _wait_dask(futures: list, stop: Stop | None) -> None:
    """Wait until the Dask futures are done, asking ``stop`` meanwhile."""
    if stop is None:
        return
    from distributed import wait

    check_stop(stop)
    while True:
        try:
            wait(futures, timeout=STOP_POLL_SECONDS)
            return
        except TimeoutError:
            check_stop(stop)


PARENT_POLL_SECONDS = 0.25
_stopping: Any = None  # in a local worker: the pool's shared stop flag (``_worker_start``)


class WorkStopped(Exception):
    """A local task given up because the pool is stopping (nobody waits for its result)."""


def _apply_local(items: list[T], function: Callable[[T], R]) -> list[R]:
    """One local task: ``function`` over a batch of items, given up between two items once
    the pool is stopping."""
    results = []
    for item in items:
        if _stopping is not None and _stopping.value:
            raise WorkStopped
        results.append(function(item))
    return results


def _worker_start(parent: int, stopping: Any = None) -> None:
    """In each local worker: leave Ctrl-C, hang-up and SIGTERM to the parent (it stops the
    workers through ``stopping``, the pool's shared flag), and exit as soon as the parent
    is gone (a worker blocked on its task queue would otherwise wait forever, holding the
    terminal's or a pipe's output open)."""
    global _stopping
    _stopping = stopping
    for number in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM):
        signal.signal(number, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _stop_pool(pool: ProcessPoolExecutor, stopping: Any) -> None:
    """Stop a process pool early: each worker ends the document it is on and gives up the
    rest of its task, the tasks not started are cancelled, and the workers and the pool's
    manager thread are waited for (a manager thread left running would report the pool's
    end as a traceback when the interpreter exits)."""
    stopping.value = True
    pool.shutdown(wait=True, cancel_futures=True)


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
    from distributed.worker_memory import parse_memory_limit

    worker = {"cls": _worker_process_class(),
              "options": {"worker_class": "distributed.Worker",
                          "worker_kwargs": {"host": "127.0.0.1", "nthreads": 1, "silence_logs": logging.WARN,
                                            "memory_limit": parse_memory_limit("auto", 1, workers, logger=_log)}}}
    scheduler = {"cls": Scheduler, "options": {"host": "127.0.0.1", "port": 0, "dashboard": False}}
    return SpecCluster(workers=dict.fromkeys(range(workers), worker), worker=worker, scheduler=scheduler,
                       silence_logs=logging.WARN, name="positions")


def _worker_process_class() -> type:
    """Dask's ``SubprocessWorker``, each worker still a ``python`` of its own, started as
    ``python -m db.dask_worker`` (the same ``distributed.Worker`` without Dask's command line,
    NumPy, Jinja2 and the profiler: ``db/dask_worker.py``) rather than ``python -m dask spec``."""
    import asyncio
    import json

    from distributed.deploy.subprocess import SubprocessWorker

    class ProjectWorker(SubprocessWorker):
        async def _start(self) -> None:
            spec = json.dumps({"cls": self.worker_class, "opts": {**self.worker_kwargs}})
            self.process = await asyncio.create_subprocess_exec(sys.executable, "-m", "db.dask_worker",
                                                                self.scheduler, "--spec", spec)

    return ProjectWorker


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
