"""The `advisor` command: chat, ask, check, eval and telegram.

Errors a user can fix are one line on stderr and exit code 2, never a traceback. The Telegram
adapter is imported only by the `telegram` subcommand: it costs half a second of start-up.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TextIO

from advisor.core import Advisor
from advisor.datafile import DataError
from advisor.dialogue import Session
from advisor.explain import explain

EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """A mistake in how the command was called; the message says what to do instead."""


def build_parser() -> argparse.ArgumentParser:
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument("--knowledge", type=Path, metavar="DIR", default=argparse.SUPPRESS, help="folder of career profiles (default: the bundled knowledge/)")
    data.add_argument("--intents", type=Path, metavar="DIR", default=argparse.SUPPRESS, help="folder of intent definitions (default: the bundled intents/)")
    parser = argparse.ArgumentParser(prog="advisor", parents=[data], description="Answers questions about a career, from a structured profile.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("chat", parents=[data], help="chat in the terminal (the default)")
    ask = commands.add_parser("ask", parents=[data], help="answer one question, or a JSON-lines batch from stdin with --jsonl")
    ask.add_argument("question", nargs="*", help="the question (words may be unquoted)")
    mode = ask.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true", help="print one JSON object")
    mode.add_argument("--jsonl", action="store_true", help="read {\"text\", \"session\"} objects from stdin, one per line")
    ask.add_argument("--explain", action="store_true", help="also show why the question got its intent")
    commands.add_parser("check", parents=[data], help="validate knowledge/ and intents/")
    evaluate = commands.add_parser("eval", parents=[data], help="measure accuracy on labelled question files")
    evaluate.add_argument("files", nargs="+", type=Path, help="YAML files of labelled cases")
    evaluate.add_argument("--failures", type=int, default=0, metavar="N", help="list the N worst failures")
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    telegram = commands.add_parser("telegram", parents=[data], help="run the Telegram bot")
    telegram.add_argument("--token-file", type=Path, help="read the bot token from this file instead of TELEGRAM_BOT_TOKEN")
    telegram.add_argument("--api-url", default=os.environ.get("TELEGRAM_API_URL"), help="Bot API server URL (default: Telegram's)")
    telegram.add_argument("--state", type=Path, default=Path("advisor-state.pickle"), help="file that keeps conversations across restarts")
    telegram.add_argument("--webhook-url", help="use a webhook at this public URL instead of long polling")
    telegram.add_argument("--listen", default="127.0.0.1", help="address the webhook server listens on")
    telegram.add_argument("--port", type=int, default=8443, help="port the webhook server listens on")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        if args.command == "telegram":
            from advisor.telegram_bot import run_from_args

            return run_from_args(args, _load(args))
        advisor = _load(args)
        if args.command == "check":
            return _check(advisor)
        if args.command == "ask":
            return _ask(advisor, args, sys.stdin, sys.stdout)
        if args.command == "eval":
            from advisor.evaluation import run_eval_command

            return run_eval_command(advisor, args.files, failures=args.failures, as_json=args.json, out=sys.stdout)
        from advisor.console import chat

        return chat(advisor, sys.stdin, sys.stdout)
    except (DataError, UsageError) as error:
        print(f"advisor: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _load(args: argparse.Namespace) -> Advisor:
    """The advisor from --knowledge/--intents (given before or after the command) or the bundled data."""
    folders = {name: getattr(args, name, None) for name in ("knowledge", "intents")}
    for name, folder in folders.items():
        if folder is not None and not folder.is_dir():
            raise UsageError(f"--{name} {folder}: no such folder")
    return Advisor.load(folders["knowledge"], folders["intents"])


def _check(advisor: Advisor) -> int:
    intents = advisor.intents.intents
    phrasings = sum(len(spec.examples) for spec in intents.values())
    keywords = sum(len(spec.keywords) for spec in intents.values())
    print(f"ok: {len(advisor.profiles)} career(s) ({', '.join(advisor.careers)}); {len(intents)} intents with {keywords} keywords and {phrasings} example phrasings")
    return 0


def _ask(advisor: Advisor, args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    if args.jsonl:
        if args.question:
            raise UsageError("ask --jsonl reads questions from stdin; drop the question argument")
        _ask_batch(advisor, stdin, stdout)
        return 0
    question = " ".join(args.question)
    if not question.strip():
        raise UsageError('ask needs a question, e.g. advisor ask "what does it pay per hour?"')
    reply = advisor.reply(question)
    if args.json:
        data = reply.to_dict()
        if args.explain:
            data["explain"] = explain(reply)
        print(json.dumps(data, ensure_ascii=False), file=stdout)
    else:
        print(reply.text, file=stdout)
        if args.explain:
            print("\n" + explain(reply), file=stdout)
    return 0


def _ask_batch(advisor: Advisor, stdin: TextIO, stdout: TextIO) -> None:
    """One JSON line out for each non-blank line in; a bad line gets an `error` object and the batch goes on."""
    sessions: dict[str, Session] = {}
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            if not isinstance(request, dict) or not isinstance(request.get("text"), str):
                raise ValueError('expected an object with a "text" string')
            session_id = request.get("session")
            session_id = "" if session_id is None else str(session_id)
        except ValueError as error:
            print(json.dumps({"line": number, "error": f"line {number}: {error}"}), file=stdout, flush=True)
            continue
        reply = advisor.reply(request["text"], sessions.setdefault(session_id, Session()))
        record = {"session": session_id, "text": request["text"], "intent": reply.intent, "intents": list(reply.intents),
                  "confidence": reply.confidence, "slots": reply.slots, "answer": reply.text}
        print(json.dumps(record, ensure_ascii=False), file=stdout, flush=True)
