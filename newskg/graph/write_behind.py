"""Store writes in one background thread, so a build parses the next batch while the last is written.

Oxigraph releases the GIL while it loads a transaction, so a write costs the
build nothing as long as the parsing goes on beside it: with ``--jobs 1`` the
write (about a tenth of a build) otherwise waited on, and held up, spaCy.
Writes run one at a time, in the order given, each still one transaction, so
what a killed build leaves is what it left before: whole batches. At most
``pending`` writes wait, which bounds the memory the queue holds. The end of a
build uses the same thread to compact the store beside its identity step.

A write that fails stops the writer; the failure is raised in the building
thread at its next ``submit`` or at ``close``, never lost.

With worker processes (``--jobs 2`` and up) the building process only writes,
and ``WriteNow`` writes at once: there a second thread bought nothing and cost
time (side by side, three builds each of the 729-article corpus at ``--jobs 2``:
median 17.4 s with the thread, 15.1 s without), the write thread competing
with the workers for the cores.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from types import TracebackType

_STOP = object()


class WriteNow:
    """``WriteBehind``'s interface, writing in the calling thread at ``submit``."""

    def submit(self, write: Callable[[], None]) -> None:
        write()

    def __enter__(self) -> WriteNow:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        pass


class WriteBehind:
    """Run ``submit``ted writes in order in one thread; ``close`` waits for them (use as a context manager)."""

    def __init__(self, *, pending: int = 2) -> None:
        self._queue: queue.Queue = queue.Queue(maxsize=pending)
        self._failure: BaseException | None = None
        self._failed = False  # stays set: once a write failed, none after it runs
        self._thread = threading.Thread(target=self._run, name="newskg-store-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            write = self._queue.get()
            try:
                if write is _STOP:
                    return
                if not self._failed:  # after a failure, later writes are dropped, never half-done
                    write()
            except BaseException as error:  # handed to the building thread, which decides
                self._failure, self._failed = error, True
            finally:
                self._queue.task_done()

    def _raise_failure(self) -> None:
        if self._failure is not None:
            failure, self._failure = self._failure, None
            raise failure

    def submit(self, write: Callable[[], None]) -> None:
        """Queue ``write``; blocks while ``pending`` writes wait; raises an earlier write's failure."""
        self._raise_failure()
        self._queue.put(write)

    def close(self) -> None:
        """Finish the queued writes and stop the thread; raise the first failure."""
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join()
        self._raise_failure()

    def __enter__(self) -> WriteBehind:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if error is None:
            self.close()
            return
        # The build is already failing: let the writes queued before it land (each is whole), keep its error.
        try:
            self.close()
        except BaseException:
            pass
