"""Scale benchmark: thousands of small text documents through ``docpipe process`` and ``run``.

Usage::

    .venv/bin/python scripts/bench_scale.py generate DIR --docs 10000
    .venv/bin/python scripts/bench_scale.py measure --docs 1000 3000 10000 --work /tmp/scale \\
        [--paths process run] [--json FILE]

``generate`` writes a synthetic corpus of small text documents built from the dev texts
(``corpus/S_PRST_2007_24-EN.txt``, the head of ``corpus/A_63_261-FR.txt``) and the UN Parallel
Corpus lines of ``/work/shared/unpc-dev`` (or ``--unpc DIR``), in blocks of ten: two English
presidential statements, two French reports, and one document in each of the six languages made
of the same aligned lines (sibling versions of one symbol, so the corpus views align them).
Every (symbol, language) is the document's own (outputs never collide); dates and numbers are
changed; the files are spread over folders of 1,000.

``measure`` runs, for each corpus size and each command, whole-process under ``/usr/bin/time
-v`` (wall, user+system CPU of the process and its reaped workers, maximum RSS of any of them),
sampling the docpipe process's own RSS every second from ``/proc/PID/status`` (with the number
of outputs written at that moment, to give the parent's growth per 1,000 documents):

(a) first run, (b) unchanged re-run, (c) re-run after changing 10 files, (d) ``docpipe index``
(the corpus views rebuilt from the outputs).

``run`` uses a lasting server (``docpipe server start`` with its own ``serve.home``, a free
port and its own ``PREFECT_HOME`` under ``--work``), started before and stopped after, so its
start-up is not measured. The load averages at the start and end of every measure are recorded:
the machine is shared, compare CPU seconds rather than wall time. Not a test (it runs for tens of
minutes at 10,000 documents).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from proc_tree import children, cpu_seconds, descendants

ROOT = Path(__file__).resolve().parents[1]
DOCPIPE = Path(sys.executable).with_name("docpipe")
UNPC = Path("/work/shared/unpc-dev")
LANGS = ("ar", "en", "es", "fr", "ru", "zh")
PER_FOLDER = 1000
TOUCHED = 10

# ----------------------------------------------------------------------------------- corpus

_NUMBER = re.compile(r"\d+")
_PARA_NUMBER = re.compile(r"^(\d{1,3})\. ", re.M)


def _renumber(text: str, rng: random.Random) -> str:
    """Other numbers: years stay plausible years, small numbers small, paragraph numbers at the
    start of a line kept (the structure stays the document's)."""
    kept = {m.start(1) for m in _PARA_NUMBER.finditer(text)}

    def other(m: re.Match[str]) -> str:
        digits = m.group(0)
        if m.start() in kept:
            return digits
        value = int(digits)
        if len(digits) == 4 and 1900 <= value <= 2030:
            return str(rng.randint(1995, 2020))
        if len(digits) <= 2:
            return str(rng.randint(1, 28))
        return str(rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))

    return _NUMBER.sub(other, text)


def _french_head(text: str, length: int) -> str:
    """The head of the French report, cut at the first blank line after ``length`` characters."""
    cut = text.find("\n\n", length)
    return text if cut < 0 else text[:cut + 1]


@dataclass(frozen=True)
class Sources:
    statement: str  # S/PRST/2007/24, English
    report: str  # A/63/261, French
    unpc: dict[str, list[str]]  # language → aligned lines

    @classmethod
    def load(cls, unpc: Path) -> Sources:
        lines = {lang: (unpc / f"unpc-dev.{lang}").read_text(encoding="utf-8").splitlines()
                 for lang in LANGS}
        return cls(
            statement=(ROOT / "corpus" / "S_PRST_2007_24-EN.txt").read_text(encoding="utf-8"),
            report=(ROOT / "corpus" / "A_63_261-FR.txt").read_text(encoding="utf-8"),
            unpc=lines,
        )


def documents(sources: Sources, count: int, seed: int = 20) -> Iterator[tuple[str, str]]:
    """``count`` (file name, text) pairs, deterministic for a seed (see the module docstring)."""
    made = 0
    block = 0
    rng = random.Random(seed)
    lines_total = min(len(v) for v in sources.unpc.values())
    while made < count:
        year = 1995 + block % 26
        batch: list[tuple[str, str]] = []
        for k in range(2):  # English presidential statements
            number = 2 * block + k + 1
            symbol = f"S/PRST/{year}/{number}"
            body = _renumber(sources.statement, rng).split("\n", 1)[1]
            batch.append((f"S_PRST_{year}_{number}-EN.txt", f"{symbol}\n{body}"))
        for k in range(2):  # French reports of the Secretary-General, 3-8 KB of their head
            number = 2 * block + k + 1
            head = _french_head(sources.report, 2500 + rng.randrange(5500))
            batch.append((f"A_{50 + block % 30}_{number}-FR.txt", _renumber(head, rng)))
        start = rng.randrange(lines_total - 16)
        size = 6 + rng.randrange(10)
        symbol = f"A/{50 + block % 30}/L.{block + 1}"
        for lang in LANGS:  # one symbol in six languages: the same aligned lines
            lines = sources.unpc[lang][start:start + size]
            paragraphs = "\n\n".join(f"{n}. {line}" for n, line in enumerate(lines, 1))
            text = f"{symbol}\n\n{_renumber(paragraphs, random.Random(block))}\n"
            batch.append((f"{symbol.replace('/', '_')}-{lang.upper()}.txt", text))
        for name, text in batch:
            if made == count:
                return
            yield f"d{made // PER_FOLDER:02d}/{name}", text
            made += 1
        block += 1


def generate(dest: Path, count: int, unpc: Path = UNPC) -> list[Path]:
    """Write the corpus into ``dest`` (emptied first); returns the files in writing order."""
    if dest.exists():
        shutil.rmtree(dest)
    written: list[Path] = []
    for name, text in documents(Sources.load(unpc), count):
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def touch(files: list[Path], count: int = TOUCHED) -> list[Path]:
    """Change ``count`` files spread over the corpus (a sentence added at the end)."""
    step = max(1, len(files) // count)
    chosen = files[::step][:count]
    for path in chosen:
        with path.open("a", encoding="utf-8") as fh:
            fh.write("\nRevised on 3 March 2021.\n")
    return chosen


# ---------------------------------------------------------------------------- measurement


@dataclass
class Measure:
    label: str
    docs: int
    command: str
    status: int
    wall: float
    cpu: float  # user + system seconds: docpipe, its fork server and its workers
    parent_cpu: float  # /usr/bin/time: docpipe and the children it reaped
    max_rss_mb: float  # /usr/bin/time: the largest of docpipe and the children it reaped
    parent_peak_mb: float  # VmHWM of the docpipe process itself
    worker_peak_mb: float  # the largest VmHWM seen among its descendants
    load_before: list[float]
    load_after: list[float]
    samples: list[tuple[float, float, int]] = field(default_factory=list)  # t, RSS MB, outputs

    def growth_per_1000(self) -> float | None:
        """The parent's RSS growth per 1,000 outputs written (least squares over the samples
        taken after the first 10 % of the outputs, past the start-up)."""
        total = max((n for _, _, n in self.samples), default=0)
        points = [(n, rss) for _, rss, n in self.samples if n >= total / 10 and n > 0]
        if len(points) < 3 or total == 0:
            return None
        mean_n = sum(n for n, _ in points) / len(points)
        mean_r = sum(r for _, r in points) / len(points)
        var = sum((n - mean_n) ** 2 for n, _ in points)
        if var == 0:
            return None
        slope = sum((n - mean_n) * (r - mean_r) for n, r in points) / var
        return round(slope * 1000, 2)


def _loadavg() -> list[float]:
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


def _status_mb(pid: int) -> tuple[float, float] | None:
    """VmRSS and VmHWM of ``pid`` in MB."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    values = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
    try:
        return (int(values["VmRSS"].split()[0]) / 1024, int(values["VmHWM"].split()[0]) / 1024)
    except (KeyError, ValueError):
        return None


def _outputs(out: Path) -> int:
    try:
        return sum(1 for e in os.scandir(out)
                   if e.name.endswith(".json") and not e.name.startswith(("_", ".")))
    except OSError:
        return 0


def measure(label: str, docs: int, args: list[str], out: Path, env: dict[str, str],
            every: float = 1.0) -> Measure:
    """Run ``docpipe ARGS`` under ``/usr/bin/time -v`` and sample its RSS and its descendants'
    CPU (see the module docstring)."""
    times = out.parent / f".time-{os.getpid()}.txt"
    load_before = _loadavg()
    start = time.monotonic()
    proc = subprocess.Popen(["/usr/bin/time", "-v", "-o", str(times), str(DOCPIPE), *args],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    samples: list[tuple[float, float, int]] = []
    peak = 0.0
    worker_peak = 0.0
    worker_cpu: dict[int, float] = {}  # pid → last CPU seconds seen (workers, fork server)
    stderr: list[bytes] = []
    reader = threading.Thread(target=lambda: stderr.append(proc.stderr.read() if proc.stderr
                                                           else b""), daemon=True)
    reader.start()
    pid: int | None = None
    while proc.poll() is None:
        if pid is None:
            pid = next(iter(children(proc.pid)), None)
        got = _status_mb(pid) if pid else None
        if pid and got is not None:
            samples.append((round(time.monotonic() - start, 1), round(got[0], 1), _outputs(out)))
            peak = max(peak, got[1])
            for child in descendants(pid):
                cpu = cpu_seconds(child)
                if cpu is not None:
                    worker_cpu[child] = cpu
                mem = _status_mb(child)
                if mem is not None:
                    worker_peak = max(worker_peak, mem[1])
        time.sleep(every)
    wall_outer = time.monotonic() - start
    reader.join()
    report = times.read_text()
    times.unlink()
    fields = dict(line.strip().rsplit(": ", 1) for line in report.splitlines() if ": " in line)
    errors = b"".join(stderr).decode(errors="replace")
    log = out.parent / "logs" / f"{docs}-{args[0]}-{label.replace(' ', '-')}.err"
    log.parent.mkdir(exist_ok=True)
    log.write_text(errors, encoding="utf-8")
    if proc.returncode not in (0, 1):
        sys.stderr.write(errors[-3000:])
    parent_cpu = float(fields.get("User time (seconds)", 0)) + \
        float(fields.get("System time (seconds)", 0))
    return Measure(
        label=label, docs=docs, command=" ".join(["docpipe", *args]), status=proc.returncode,
        wall=round(_wall(fields.get("Elapsed (wall clock) time (h:mm:ss or m:ss)", ""))
                   or wall_outer, 2),
        cpu=round(parent_cpu + sum(worker_cpu.values()), 2), parent_cpu=round(parent_cpu, 2),
        max_rss_mb=round(int(fields.get("Maximum resident set size (kbytes)", 0)) / 1024, 1),
        parent_peak_mb=round(peak, 1), worker_peak_mb=round(worker_peak, 1),
        load_before=load_before, load_after=_loadavg(), samples=samples,
    )


def _wall(text: str) -> float | None:
    if not text:
        return None
    parts = [float(p) for p in text.split(":")]
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _config(work: Path, concurrency: int, stage_tasks: bool = True) -> Path:
    path = work / "docpipe.yaml"
    path.write_text(
        f"concurrency: {concurrency}\n"
        f"runner:\n  stage_tasks: {str(stage_tasks).lower()}\n"
        f"serve:\n  home: {work / 'serve-home'}\n  port: {_free_port()}\n",
        encoding="utf-8",
    )
    return path


def _print(m: Measure) -> None:
    growth = m.growth_per_1000()
    print(f"{m.docs:>6} {m.command.split()[1]:<8} {m.label:<10} status {m.status}  wall "
          f"{m.wall:7.1f} s  cpu {m.cpu:7.1f} s (parent {m.parent_cpu:6.1f})  parent peak "
          f"{m.parent_peak_mb:5.0f} MB  workers' peak {m.worker_peak_mb:5.0f} MB"
          + (f"  parent +{growth:.1f} MB/1000 docs" if growth is not None else "")
          + f"  load {m.load_before[0]:.1f}→{m.load_after[0]:.1f}", flush=True)


def run_sizes(work: Path, sizes: list[int], paths: list[str], concurrency: int,
              unpc: Path, stage_tasks: bool = True) -> list[Measure]:
    work.mkdir(parents=True, exist_ok=True)
    config = _config(work, concurrency, stage_tasks)
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect-home")}
    results: list[Measure] = []
    server = "run" in paths
    if server:
        subprocess.run([str(DOCPIPE), "server", "start", "--config", str(config)], env=env,
                       check=True)
    try:
        for size in sizes:
            corpus = work / f"corpus-{size}"
            for command in paths:
                files = generate(corpus, size, unpc)
                out = work / f"out-{size}-{command}"
                if out.exists():
                    shutil.rmtree(out)
                out.mkdir()
                batch = [command, str(corpus), "--out", str(out), "--config", str(config)]
                for label in ("first", "unchanged"):
                    results.append(measure(label, size, batch, out, env))
                    _print(results[-1])
                touch(files)
                results.append(measure(f"{TOUCHED} changed", size, batch, out, env))
                _print(results[-1])
                results.append(measure("index", size, ["index", str(out)], out, env))
                _print(results[-1])
    finally:
        if server:
            subprocess.run([str(DOCPIPE), "server", "stop", "--config", str(config)], env=env,
                           check=False)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write a synthetic corpus")
    gen.add_argument("dest", type=Path)
    gen.add_argument("--docs", type=int, default=10_000)
    gen.add_argument("--unpc", type=Path, default=UNPC)
    meas = sub.add_parser("measure", help="generate corpora and time docpipe over them")
    meas.add_argument("--docs", type=int, nargs="+", default=[1000, 3000, 10_000])
    meas.add_argument("--work", type=Path, required=True)
    meas.add_argument("--paths", nargs="+", choices=("process", "run"),
                      default=["process", "run"])
    meas.add_argument("--concurrency", type=int, default=2)
    meas.add_argument("--unpc", type=Path, default=UNPC)
    meas.add_argument("--no-stage-tasks", action="store_true",
                      help="runner.stage_tasks: false (one Prefect task run per document)")
    meas.add_argument("--json", type=Path, help="write every measure (with the RSS samples)")
    args = parser.parse_args()
    if args.command == "generate":
        print(f"{len(generate(args.dest, args.docs, args.unpc))} documents in {args.dest}")
        return
    results = run_sizes(args.work, args.docs, args.paths, args.concurrency, args.unpc,
                        stage_tasks=not args.no_stage_tasks)
    if args.json:
        args.json.write_text(json.dumps(
            [{**asdict(m), "parent_growth_mb_per_1000": m.growth_per_1000()} for m in results],
            indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
