"""When cached query results are stale: a stamp of the database's state on disk.

Owns one question: has anyone committed since the results were cached? Every commit in
WAL mode appends to the ``-wal`` file (and a checkpoint rewrites the main file), so the
size and modification time of the two files change with every ingest chunk or correction,
from this process or any other. The dashboard caches by this stamp instead of by time.
"""

from __future__ import annotations

import os


def data_stamp(path: str) -> tuple:
    """(mtime_ns, size) of the database file and of its write-ahead log, if any."""
    stamp = []
    for name in (path, path + "-wal"):
        try:
            info = os.stat(name)
        except OSError:
            stamp.append(None)
        else:
            stamp.append((info.st_mtime_ns, info.st_size))
    return tuple(stamp)
