"""Keeping the C allocator (glibc's malloc) from holding memory a build has freed.

glibc's malloc gives a thread that allocates while another holds the lock an arena
of its own, up to eight per core, and an arena keeps what its threads freed for
their next allocations. In a build, Oxigraph's RocksDB compacts the store in
background threads that allocate and free large buffers: midway through a 100x
build, ``malloc_info`` counted 222 MB taken from the system, 96 MB of it free but
still resident, 58 MB of that in the compaction threads' arenas. With two arenas
those threads reuse the memory the others freed (3x corpus, ``--jobs 2``, two runs
each: peak RSS of the build process 379-380 MB with glibc's default, 366-367 MB
with two arenas, no slower beyond the noise).
"""

from __future__ import annotations

import ctypes
import platform

BUILD_ARENAS = 2
_M_ARENA_MAX = -8  # glibc's malloc.h
_GLIBC = ctypes.CDLL(None) if platform.libc_ver()[0] == "glibc" else None  # this process's C library


def limit_malloc_arenas(arenas: int = BUILD_ARENAS) -> bool:
    """Cap glibc's malloc arenas for this process and the workers it forks from now on.

    For a process of newskg's own (the command line), not a library caller's: the
    cap is the whole process's. Call it before threads start allocating: arenas
    made before stay. False where the C library is not glibc (nothing is changed).
    """
    if _GLIBC is None:
        return False
    return bool(_GLIBC.mallopt(_M_ARENA_MAX, arenas))


def return_freed_memory() -> None:
    """Hand the pages malloc holds free back to the system (glibc keeps them until asked;
    elsewhere the memory stays with the process)."""
    if _GLIBC is not None:
        _GLIBC.malloc_trim(0)
