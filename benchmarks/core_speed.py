"""Speed of the core: per-message latency in process, and the cost of starting `advisor ask` cold.

Prints figures, not pass/fail: it is a tool for seeing where the time goes, next to the targets
(p50 < 0.2 ms, p99 < 1 ms per message; a cold `ask` within 2x of just importing rapidfuzz and yaml;
under 40 MB peak; Telegram never imported on the ask path). Run it with the project's venv:

    .venv/bin/python benchmarks/core_speed.py [--clinc PATH] [--heldout PATH] [--runs 15] [--json]
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from advisor.core import Advisor  # noqa: E402
from advisor.dialogue import Session  # noqa: E402
from advisor.evaluation import load_cases  # noqa: E402

DEFAULT_CLINC = ROOT.parent / "shared" / "data" / "clinc150" / "clinc150-test.yaml"
DEFAULT_HELDOUT = ROOT / "tests" / "data" / "heldout.yaml"
QUESTION = "what's the pay per hour?"
BASELINE = "import rapidfuzz, yaml"
TARGETS = {"p50_ms": 0.2, "p99_ms": 1.0, "cold_ratio": 2.0, "peak_mb": 40.0}


# --------------------------------------------------------------------------- in process


@dataclass(frozen=True)
class Latency:
    """Per-message latency of `Advisor.reply` on a fresh session, over one set of texts."""

    name: str
    messages: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    per_second: float


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: an actual measured value, never an interpolation between two."""
    index = min(len(sorted_values) - 1, max(0, math.ceil(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def measure_latency(advisor: Advisor, name: str, texts: list[str]) -> Latency:
    """One warm-up pass (caches, lazily built tables), then each text timed on its own."""
    for text in texts:
        advisor.reply(text, Session())
    timings: list[float] = []
    clock = time.perf_counter_ns
    for text in texts:
        session = Session()
        start = clock()
        advisor.reply(text, session)
        timings.append((clock() - start) / 1e6)
    timings.sort()
    total_s = sum(timings) / 1000
    figures = (percentile(timings, 0.5), percentile(timings, 0.9), percentile(timings, 0.99), timings[-1])
    return Latency(name, len(texts), *(round(value, 4) for value in figures), round(len(texts) / total_s if total_s else float("inf"), 1))


def texts_of(path: Path) -> list[str]:
    """Every message of a labelled file, dialogue turns included (each is timed on a fresh session)."""
    return [turn.text for case in load_cases(path) for turn in case.turns]


# --------------------------------------------------------------------------- cold start


@dataclass(frozen=True)
class ColdRun:
    """Medians over N interleaved runs of one command, and its largest resident set."""

    name: str
    command: str
    runs: int
    median_ms: float
    min_ms: float
    median_mb: float
    peak_mb: float
    failures: int


_LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 1)
    os.dup2(null, 2)
    try:
        os.execv(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""
"""Forks the measured command from a small interpreter. On Linux a child's ru_maxrss starts from the RSS
of the process it was forked from, so forking straight from this benchmark (60 MB with the data sets
loaded) would report the benchmark's size, not the command's. The launcher is ~9 MB, below anything measured."""


def run_once(command: list[str]) -> tuple[float, float, int]:
    """Wall time from fork to exit (ms), peak RSS (MB) and exit code of one run of `command`."""
    result = subprocess.run([sys.executable, "-S", "-I", "-c", _LAUNCHER, *command], cwd=ROOT, capture_output=True, text=True, check=True)
    seconds, maxrss_kb, code = result.stdout.split()
    return float(seconds) * 1000, int(maxrss_kb) / 1024, int(code)


def measure_cold(commands: dict[str, list[str]], runs: int) -> list[ColdRun]:
    """Run the commands in turn, N rounds, so that a noisy moment of the machine hits them all alike."""
    samples: dict[str, list[tuple[float, float, int]]] = {name: [] for name in commands}
    # Byte-compile the package as `pip install .` does: the baseline's rapidfuzz and yaml come with .pyc
    # files, and with PYTHONDONTWRITEBYTECODE set (as on these machines) ours would otherwise be compiled every run.
    compileall.compile_dir(ROOT / "advisor", quiet=1)
    for command in commands.values():
        run_once(command)  # warm the OS file cache and the .pyc files before anything is timed
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(run_once(command))
    results = []
    for name, command in commands.items():
        times = [sample[0] for sample in samples[name]]
        memory = [sample[1] for sample in samples[name]]
        figures = (statistics.median(times), min(times), statistics.median(memory), max(memory))
        results.append(ColdRun(name, " ".join(_short(part) for part in command), runs, *(round(value, 2) for value in figures),
                               sum(sample[2] != 0 for sample in samples[name])))
    return results


def _short(part: str) -> str:
    text = part.replace(str(ROOT) + os.sep, "")
    text = text if text != sys.executable else "python"
    return f'"{text}"' if " " in text else text


def cold_commands() -> dict[str, list[str]]:
    commands = {
        "import rapidfuzz, yaml": [sys.executable, "-c", BASELINE],
        "python bot.py ask": [sys.executable, str(ROOT / "bot.py"), "ask", QUESTION],
    }
    script = Path(sys.executable).parent / "advisor"
    if script.exists():
        commands["advisor ask (console script)"] = [str(script), "ask", QUESTION]
    return commands


def telegram_free() -> dict[str, bool]:
    """Run the ask path in a fresh interpreter and report which heavy modules it pulled in."""
    probe = (
        "import sys, io, contextlib\n"
        "from advisor.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main(['ask', {QUESTION!r}])\n"
        "print(code, 'telegram' in sys.modules, 'httpx' in sys.modules, 'asyncio' in sys.modules)\n"
    )
    output = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return {"exit_code_zero": output[0] == "0", "telegram": output[1] == "True", "httpx": output[2] == "True", "asyncio": output[3] == "True"}


# --------------------------------------------------------------------------- report


def print_table(latencies: list[Latency], cold: list[ColdRun], modules: dict[str, bool] | None) -> None:
    print(f"In process: Advisor.reply on a fresh Session, after one warm-up pass   (targets: p50 < {TARGETS['p50_ms']} ms, p99 < {TARGETS['p99_ms']} ms)")
    print(f"  {'set':<16}{'msgs':>7}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}{'msgs/s':>10}")
    for item in latencies:
        verdict = _verdict(item.p50_ms < TARGETS["p50_ms"] and item.p99_ms < TARGETS["p99_ms"])
        print(f"  {item.name:<16}{item.messages:>7}{item.p50_ms:>9.3f}{item.p90_ms:>9.3f}{item.p99_ms:>9.3f}{item.max_ms:>9.2f}{item.per_second:>10,.0f}  {verdict}")
    if cold:
        baseline = cold[0]
        print(f"\nCold process: median of {baseline.runs} interleaved runs   (targets: <= {TARGETS['cold_ratio']}x the import baseline, peak < {TARGETS['peak_mb']:.0f} MB)")
        print(f"  {'command':<30}{'median ms':>10}{'min ms':>9}{'ratio':>7}{'RSS MB':>8}{'peak MB':>9}")
        for item in cold:
            ratio = item.median_ms / baseline.median_ms
            checks = item is baseline or (ratio <= TARGETS["cold_ratio"] and item.peak_mb < TARGETS["peak_mb"] and not item.failures)
            failed = f"  {item.failures} runs failed" if item.failures else ""
            print(f"  {item.name:<30}{item.median_ms:>10.1f}{item.min_ms:>9.1f}{ratio:>6.2f}x{item.median_mb:>8.1f}{item.peak_mb:>9.1f}  {'' if item is baseline else _verdict(checks)}{failed}")
    if modules is not None:
        loaded = [name for name in ("telegram", "httpx", "asyncio") if modules[name]]
        print(f"\nAsk path imports: {', '.join(loaded) or 'none of telegram, httpx, asyncio'}   {_verdict(not modules['telegram'] and modules['exit_code_zero'])} (telegram must not be imported)")


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clinc", type=Path, default=DEFAULT_CLINC, help="CLINC150 test split in eval format (default: %(default)s)")
    parser.add_argument("--heldout", type=Path, default=DEFAULT_HELDOUT, help="held-out labelled set, timed if present")
    parser.add_argument("--runs", type=int, default=15, help="cold-start runs per command (default: %(default)s)")
    parser.add_argument("--no-cold", action="store_true", help="only the in-process latency")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    advisor = Advisor.load()
    load_ms = (time.perf_counter() - start) * 1000
    sets = [("clinc150-test", args.clinc)] + ([("heldout", args.heldout)] if args.heldout.exists() else [])
    missing = [str(path) for _, path in sets if not path.exists()]
    if missing:
        print(f"core_speed: {missing[0]}: no such file (pass --clinc PATH)", file=sys.stderr)
        return 2
    latencies = [measure_latency(advisor, name, texts_of(path)) for name, path in sets]
    cold = [] if args.no_cold else measure_cold(cold_commands(), args.runs)
    modules = None if args.no_cold else telegram_free()

    if args.json:
        print(json.dumps({"advisor_load_ms": round(load_ms, 1), "targets": TARGETS, "latency": [asdict(item) for item in latencies],
                          "cold": [asdict(item) for item in cold], "ask_path_modules": modules}, indent=2))
    else:
        print(f"Advisor.load: {load_ms:.0f} ms (in this process, files already cached)\n")
        print_table(latencies, cold, modules)
    return 0


if __name__ == "__main__":
    sys.exit(main())
