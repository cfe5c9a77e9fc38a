"""Kill a Dask cluster's processes once the ingest that started them is gone.

Runs as its own tiny process (a script, importing nothing of the project), started by the
Dask engine with a pipe on its standard input. The engine writes "PID CREATE_TIME" for each
process it started; when the pipe closes — the engine finished, or died from SIGKILL or
the OOM killer and could not clean up — every listed process still alive is terminated,
then killed. Must not kill a process it was not told about, nor one whose PID was reused
(the creation time must match).
"""

from __future__ import annotations

import signal
import sys

GRACE_SECONDS = 3.0


def main() -> int:
    # The terminal's Ctrl-C and hang-up are for the ingest; this process outlives it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    import psutil  # now, while the cluster works: the ingest waits for this process at its end

    told: list[tuple[int, float]] = []
    for line in sys.stdin:
        parts = line.split()
        if len(parts) == 2:
            told.append((int(parts[0]), float(parts[1])))
    alive = []
    for pid, created in told:
        try:
            process = psutil.Process(pid)
            if abs(process.create_time() - created) < 0.01:
                process.terminate()
                alive.append(process)
        except psutil.Error:
            continue
    _, still = psutil.wait_procs(alive, timeout=GRACE_SECONDS)
    for process in still:
        try:
            process.kill()
        except psutil.Error:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
