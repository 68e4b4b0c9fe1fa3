"""The build's background writer: order kept, failures raised in the building thread, nothing after a failure."""

from __future__ import annotations

import threading

import pytest

from newskg.graph.write_behind import WriteBehind, WriteNow


def test_writes_run_in_the_order_submitted_and_close_waits_for_them() -> None:
    done: list[int] = []
    with WriteBehind(pending=2) as writer:
        for i in range(50):
            writer.submit(lambda i=i: done.append(i))
    assert done == list(range(50))


def test_writes_run_in_another_thread_than_the_building_one() -> None:
    threads: list[threading.Thread] = []
    with WriteBehind() as writer:
        writer.submit(lambda: threads.append(threading.current_thread()))
    assert threads and threads[0] is not threading.current_thread()


def test_a_failed_write_is_raised_in_the_building_thread_and_no_later_write_runs() -> None:
    done: list[str] = []
    gate = threading.Event()

    def fail() -> None:
        gate.wait(5)
        raise OSError("disk full")

    writer = WriteBehind(pending=1)
    writer.submit(fail)  # taken by the thread, which waits at the gate
    writer.submit(lambda: done.append("after"))  # queued behind it
    gate.set()
    with pytest.raises(OSError, match="disk full"):
        writer.close()
    assert done == []


def test_a_failure_is_raised_by_close_when_nothing_else_was_submitted() -> None:
    def fail() -> None:
        raise RuntimeError("store closed")

    with pytest.raises(RuntimeError, match="store closed"):
        with WriteBehind() as writer:
            writer.submit(fail)


def test_at_most_pending_writes_wait() -> None:
    gate = threading.Event()
    writer = WriteBehind(pending=1)
    writer.submit(gate.wait)  # taken by the thread, which then blocks
    writer.submit(lambda: None)  # waits in the queue (one place)
    blocked = threading.Thread(target=writer.submit, args=(lambda: None,))
    blocked.start()
    blocked.join(0.3)
    assert blocked.is_alive(), "a third write went in while two were still waiting"
    gate.set()
    blocked.join(5)
    writer.close()


def test_the_building_threads_error_wins_and_the_queued_writes_still_land() -> None:
    done: list[int] = []
    with pytest.raises(KeyError):
        with WriteBehind() as writer:
            writer.submit(lambda: done.append(1))
            raise KeyError("extraction bug")
    assert done == [1]


def test_write_now_writes_in_the_calling_thread_at_submit() -> None:
    threads: list[threading.Thread] = []
    with WriteNow() as writer:
        writer.submit(lambda: threads.append(threading.current_thread()))
        assert threads == [threading.current_thread()]
