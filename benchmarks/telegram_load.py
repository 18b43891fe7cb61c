"""Load on the Telegram bot: replies per second and round trips for 20 concurrent users.

Prints figures, not pass/fail. Everything stays on 127.0.0.1: the fake Bot API server of the tests
(tests/fakebotapi.py) runs in this process, and each bot runs as its own process polling it, so the
two do not share an interpreter lock. Each simulated user sends a question, waits for the bot's
reply (round trip = the update being queued on the server until the bot's sendMessage for that
chat has been received), then sends the next. Rows, all measured in the same run:

  echo               a bare python-telegram-bot Application that echoes text (library defaults)
  echo+plumbing      the same echo with concurrent_updates and an AIORateLimiter without limits
  advisor            the real bot (advisor.telegram_bot.build_application, with its state file):
                     AIORateLimiter at Telegram's 30 messages a second, as in production
  advisor, no limit  the real bot with the rate limiter's limits off: what the adapter and core cost

Usage:

    .venv/bin/python benchmarks/telegram_load.py [--users 20] [--messages 25] [--rows echo,advisor]
                                                 [--json] [--profile ROW] [--extra-path DIR]

--profile ROW runs that row's bot under cProfile and prints where its CPU time goes. --extra-path DIR
puts DIR on the bots' PYTHONPATH, e.g. a folder with `sniffio` installed, to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fakebotapi import TOKEN, Call, FakeBotAPI  # noqa: E402

QUESTIONS = [
    "What does it pay per hour?", "What degree do I need?", "What skills do I need?", "What is the job outlook?",
    "What are the pros and cons?", "How do I become one?", "What does the job involve day to day?",
    "salry per hour", "What is the starting salary?", "How much per week?",
]
ROWS = {
    "echo": "echo",
    "echo+plumbing": "echo+plumbing",
    "advisor": "advisor (30 msg/s limit)",
    "advisor-unlimited": "advisor, no limit",
}
WARM_UP = 2


@dataclass
class Result:
    row: str
    replies: int
    seconds: float
    replies_per_second: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    bot_cpu_ms_per_reply: float
    missing: int


# ---------------------------------------------------------------- the bots (run in a child process)


def serve(kind: str, api_url: str, state: Path, profile: Path | None) -> None:
    import logging

    from telegram import Update
    from telegram.ext import AIORateLimiter, Application, ContextTypes, MessageHandler, filters

    logging.basicConfig(level=logging.WARNING)

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(update.message.text)

    if kind.startswith("echo"):
        builder = Application.builder().token(TOKEN).base_url(f"{api_url}/bot")
        if kind == "echo+plumbing":
            builder = builder.concurrent_updates(True).rate_limiter(AIORateLimiter(overall_max_rate=0, group_max_rate=0))
        application = builder.build()
        application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    else:
        from advisor.core import Advisor
        from advisor.telegram_bot import build_application

        limiter = AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3) if kind == "advisor-unlimited" else None
        application = build_application(Advisor.load(), TOKEN, api_url=api_url, state=state, rate_limiter=limiter)
    run = lambda: application.run_polling(stop_signals=(signal.SIGINT, signal.SIGTERM))  # noqa: E731
    if profile is None:
        run()
        return
    import cProfile

    profiler = cProfile.Profile()
    profiler.runcall(run)
    profiler.dump_stats(profile)


# ---------------------------------------------------------------- the driver


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def measure(row: str, users: int, messages: int, folder: Path, extra_path: str | None, profile: Path | None) -> Result:
    replies: dict[int, queue.Queue[float]] = {}

    def on_call(call: Call) -> None:
        if call.method == "sendMessage" and call.ok:
            replies[call.chat_id].put(call.finished)

    api = FakeBotAPI().start()
    api.listeners.append(on_call)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if extra_path:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [extra_path, env.get("PYTHONPATH")]))
    command = [sys.executable, __file__, "--serve", row, "--api-url", api.url, "--state", str(folder / f"{row}.pickle")]
    if profile:
        command += ["--profile-to", str(profile)]
    log = (folder / f"{row}.log").open("wb")
    bot = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    people = []
    for number in range(users):
        user = api.user(50_000 + number, f"User{number}")
        people.append((user, api.private_chat(user)))
        replies[user["id"]] = queue.Queue()
    times: list[float] = []
    missing = 0
    lock = threading.Lock()
    start_line = threading.Barrier(users + 1)

    def talk(index: int) -> None:
        nonlocal missing
        user, chat = people[index]
        for turn in range(WARM_UP + messages):
            if turn == WARM_UP:
                start_line.wait()
            sent = time.monotonic()
            api.send_text(chat, user, QUESTIONS[(index + turn) % len(QUESTIONS)])
            try:
                received = replies[user["id"]].get(timeout=30)
            except queue.Empty:
                with lock:
                    missing += 1
                continue
            if turn >= WARM_UP:
                with lock:
                    times.append(received - sent)

    try:
        api.wait_polling(timeout=30)
        threads = [threading.Thread(target=talk, args=(index,)) for index in range(users)]
        for thread in threads:
            thread.start()
        start_line.wait()
        started, cpu_before = time.monotonic(), cpu_seconds(bot.pid)
        for thread in threads:
            thread.join()
        seconds, cpu = time.monotonic() - started, cpu_seconds(bot.pid) - cpu_before
    finally:
        bot.send_signal(signal.SIGTERM)
        try:
            bot.wait(timeout=20)
        except subprocess.TimeoutExpired:
            bot.kill()
        log.close()
        api.stop()
    count = len(times)
    if not count:
        raise SystemExit(f"{row}: no replies; see {folder / (row + '.log')}:\n{(folder / (row + '.log')).read_text()[-2000:]}")
    return Result(ROWS[row], count, round(seconds, 2), round(count / seconds, 1),
                  *(round(percentile(times, share) * 1000, 1) for share in (0.5, 0.9, 0.99)),
                  round(max(times) * 1000, 1), round(cpu / count * 1000, 2), missing)


def print_profile(path: Path, limit: int = 25) -> None:
    import pstats

    print(f"\nwhere the bot's CPU time goes ({path.name}), by own time:")
    stats = pstats.Stats(str(path))
    stats.sort_stats("tottime").print_stats(limit)
    print("\nthe adapter and the core, by cumulative time (coroutines count one call per resumption):")
    stats.sort_stats("cumulative").print_stats(r"advisor/", 15)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20, help="concurrent users (default 20)")
    parser.add_argument("--messages", type=int, default=25, help="timed messages per user (default 25)")
    parser.add_argument("--rows", default=",".join(ROWS), help=f"comma-separated, from: {', '.join(ROWS)}")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--profile", metavar="ROW", help="profile this row's bot with cProfile")
    parser.add_argument("--extra-path", metavar="DIR", help="prepend DIR to the bots' PYTHONPATH")
    parser.add_argument("--serve", choices=list(ROWS), help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    parser.add_argument("--state", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.api_url, args.state, args.profile_to)
        return 0
    rows = [row.strip() for row in args.rows.split(",") if row.strip()]
    unknown = [row for row in rows if row not in ROWS]
    if unknown:
        parser.error(f"unknown row(s): {', '.join(unknown)}")
    results = []
    with tempfile.TemporaryDirectory(prefix="telegram-load-") as scratch:
        folder = Path(scratch)
        for row in rows:
            profile = folder / f"{row}.prof" if args.profile == row else None
            results.append(measure(row, args.users, args.messages, folder, args.extra_path, profile))
            if profile is not None and profile.exists() and not args.json:
                print_profile(profile)
    if args.json:
        print(json.dumps({"users": args.users, "messages_per_user": args.messages, "extra_path": args.extra_path,
                          "results": [asdict(result) for result in results]}, indent=2))
        return 0
    print(f"\n{args.users} users x {args.messages} timed messages each (after {WARM_UP} warm-up), one bot process per row,"
          f" fake Bot API on 127.0.0.1{'; PYTHONPATH+=' + args.extra_path if args.extra_path else ''}")
    print(f"{'row':<26}{'replies/s':>10}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}{'CPU ms/reply':>14}{'lost':>6}")
    for result in results:
        print(f"{result.row:<26}{result.replies_per_second:>10}{result.p50_ms:>9}{result.p90_ms:>9}{result.p99_ms:>9}"
              f"{result.max_ms:>9}{result.bot_cpu_ms_per_reply:>14}{result.missing:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
