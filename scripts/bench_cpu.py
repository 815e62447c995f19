"""Wall and CPU seconds of a command and of every process it starts, the fork server's included.

Usage: ``.venv/bin/python scripts/bench_cpu.py [--detail] -- COMMAND…``, e.g.
``scripts/bench_cpu.py -- .venv/bin/docpipe process tests/data/corpus --out /tmp/o --force``.

Why not ``/usr/bin/time``: it counts the children a process waited for, and the workers of a
batch are children of the fork server, which nobody waits for; their CPU time is lost. This
polls ``/proc`` every 20 ms, follows every descendant of the command and keeps each one's own
user + system time (a process that lives less than 20 ms may be missed). On a shared machine
compare CPU seconds, not wall seconds, and alternate the runs being compared.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, int] | None:
    """Parent pid and own user + system clock ticks of ``pid``, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            text = fh.read()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[1]), int(fields[11]) + int(fields[12])


def _command_line(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", encoding="utf-8", errors="replace") as fh:
            return fh.read().replace("\0", " ").strip()
    except OSError:
        return ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--detail", action="store_true", help="one line per process")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ticks: dict[int, int] = {proc.pid: 0}
    names: dict[int, str] = {}
    while proc.poll() is None:
        table = {int(n): st for n in os.listdir("/proc") if n.isdigit()
                 and (st := _stat(int(n))) is not None}
        grown = True
        while grown:  # descendants of descendants
            grown = False
            for pid, (ppid, _cpu) in table.items():
                if ppid in ticks and pid not in ticks:
                    ticks[pid] = 0
                    grown = True
        for pid in ticks:
            if pid in table:
                ticks[pid] = max(ticks[pid], table[pid][1])
                names.setdefault(pid, _command_line(pid))
        time.sleep(0.02)
    wall = time.perf_counter() - start
    if args.detail:
        for pid, used in ticks.items():
            print(f"{pid:>8} {used / TICK:7.2f} s  {names.get(pid, '')[:110]}")
    print(f"wall {wall:.2f} s, CPU {sum(ticks.values()) / TICK:.2f} s, {len(ticks)} processes, "
          f"exit {proc.returncode}, load average {os.getloadavg()[0]:.2f}")
    sys.exit(0)


if __name__ == "__main__":
    main()
