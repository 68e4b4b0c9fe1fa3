"""Two checkouts' figures for one single-core benchmark, run at the same time, one per core.

On a shared machine the same code moved by up to a third between passes run one
after the other, far more than a change worth making. Run at the same time, both
versions meet the same load, and what differs between their figures is the code.
Use it for benchmarks that keep to one core (``stages.py``), not for ones that
use every core (``throughput.py``, ``scaling.py``). Each checkout runs its own copy
of the script with its own package first on the path; their outputs are printed
one after the other, then each line of the two beside each other.

    git worktree add /tmp/newskg-before HEAD~3
    .venv/bin/python benchmarks/side_by_side.py /tmp/newskg-before . stages.py --rounds 3
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path


def _run(tree: Path, script: str, args: list[str]) -> subprocess.Popen[str]:
    path = tree / "benchmarks" / script
    if not path.is_file():
        sys.exit(f"error: {path} does not exist (give a checkout of newskg and a script in its benchmarks/)")
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.Popen([sys.executable, str(path), *args], cwd=tree, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path, help="a checkout of newskg (e.g. a git worktree of an older commit)")
    parser.add_argument("after", type=Path, help="another checkout (e.g. this one: .)")
    parser.add_argument("script", help="a script in benchmarks/, e.g. stages.py")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="the script's own arguments")
    options = parser.parse_args()
    runs = {name: _run(tree.resolve(), options.script, options.args)
            for name, tree in (("before", options.before), ("after", options.after))}
    outputs = {name: run.communicate()[0] for name, run in runs.items()}
    for name, output in outputs.items():
        print(f"== {name}: {getattr(options, name)} (exit {runs[name].returncode})\n{output}")
    before, after = (outputs[name].splitlines() for name in ("before", "after"))
    width = max((len(line) for line in before), default=0)
    print("== side by side (before | after)")
    for left, right in zip(before, after):
        print(f"{left:<{width}} | {right}")
    sys.exit(max(run.returncode for run in runs.values()))


if __name__ == "__main__":
    main()
