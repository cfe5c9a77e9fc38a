"""A local Dask worker: ``python -m db.dask_worker SCHEDULER --spec SPEC``, what the Dask
engine's local cluster starts for each worker (a ``python`` of its own, as on another machine).

The same worker as Dask's ``python -m dask spec SCHEDULER --spec SPEC`` (it runs
``distributed.cli.dask_spec``), less what a worker of this project spends its start and its
time on without using it:

- Dask's command line, which first finds and imports every ``dask_cli`` entry point (the
  scheduler's, the SSH launcher's …);
- NumPy, which ``distributed`` imports only to allocate its receive buffers (it falls back to
  a ``bytearray``), and Jinja2, which Dask imports for its notebook widgets (it does without):
  these workers only ever receive documents and return statements;
- the statistical profiler, a thread sampling the worker's stack every 10 ms for the
  dashboard, which the local cluster does not run.

Measured (a worker on its own, CPU until it has joined the scheduler): 0.64 s against 0.44 s.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> None:
    for unused in ("numpy", "jinja2"):
        sys.modules.setdefault(unused, None)  # type: ignore[arg-type] - an ImportError for whoever asks
    import dask
    from distributed.cli.dask_spec import main as spec

    dask.config.set({"distributed.worker.profile.enabled": False})
    spec.main(argv, prog_name="db.dask_worker")


if __name__ == "__main__":
    main(sys.argv[1:])
