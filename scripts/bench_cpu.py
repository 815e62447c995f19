"""Wall and CPU seconds of a command and of every process it starts, the fork server's included.

Usage: ``.venv/bin/python scripts/bench_cpu.py [--detail] -- COMMAND…``, e.g.
``scripts/bench_cpu.py -- .venv/bin/docpipe process tests/data/corpus --out /tmp/o --force``.

Why not ``/usr/bin/time``: it counts the children a process waited for, and the workers of a
batch are children of the fork server, which nobody waits for; their CPU time is lost. This
polls ``/proc`` every 20 ms, follows every descendant of the command (``proc_tree``) and
keeps each one's own user + system time (a process that lives less than 20 ms may be missed).
On a shared machine compare CPU seconds, not wall seconds, and alternate the runs being compared.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from proc_tree import command_line, cpu_seconds, descendants


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--detail", action="store_true", help="one line per process")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    used: dict[int, float] = {proc.pid: 0.0}  # pid → its own CPU seconds, last seen
    names: dict[int, str] = {}
    while proc.poll() is None:
        for pid in [proc.pid, *descendants(proc.pid)]:
            seconds = cpu_seconds(pid)
            if seconds is not None:
                used[pid] = max(used.get(pid, 0.0), seconds)
                names.setdefault(pid, command_line(pid))
        time.sleep(0.02)
    wall = time.perf_counter() - start
    if args.detail:
        for pid, seconds in used.items():
            print(f"{pid:>8} {seconds:7.2f} s  {names.get(pid, '')[:110]}")
    print(f"wall {wall:.2f} s, CPU {sum(used.values()):.2f} s, {len(used)} processes, "
          f"exit {proc.returncode}, load average {os.getloadavg()[0]:.2f}")
    sys.exit(0)


if __name__ == "__main__":
    main()
