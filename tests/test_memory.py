"""The build's cap on glibc's malloc arenas: the threads allocating at once share the arenas allowed."""

from __future__ import annotations

import platform
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc arenas are glibc's")

# Eight threads allocate at the same time; malloc_info then lists one <heap> per arena in use.
_ARENAS_IN_USE = textwrap.dedent(
    """
    import ctypes, re, sys, tempfile, threading
    from newskg.memory import limit_malloc_arenas
    if sys.argv[1] == "capped":
        assert limit_malloc_arenas(2)
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    libc.fdopen.restype = ctypes.c_void_p
    libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
    libc.fflush.argtypes = [ctypes.c_void_p]
    start = threading.Barrier(8)
    def allocate():
        start.wait()
        blocks = [libc.malloc(4096) for _ in range(20000)]
        for block in blocks:
            libc.free(block)
    threads = [threading.Thread(target=allocate) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with tempfile.TemporaryFile("w+") as out:
        libc.fflush(None)
        stream = libc.fdopen(out.fileno(), b"w")
        libc.malloc_info(0, stream)
        libc.fflush(stream)
        out.seek(0)
        print(len(re.findall("<heap nr=", out.read())))
    """
)


def _arenas_in_use(mode: str) -> int:
    done = subprocess.run([sys.executable, "-c", _ARENAS_IN_USE, mode], capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_capped_threads_share_two_arenas() -> None:
    assert _arenas_in_use("capped") <= 2


def test_without_the_cap_the_same_threads_take_more_arenas() -> None:
    """The check above can fail: the same program without the cap uses more arenas."""
    assert _arenas_in_use("default") > 2
