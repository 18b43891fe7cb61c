"""The console chat: a prompt with line editing and history on a terminal, plain lines when piped."""

from __future__ import annotations

from typing import TextIO

from advisor.core import Advisor, Reply
from advisor.dialogue import Session
from advisor.explain import explain

PROMPT = "you> "
COMMANDS = "/help  what you can ask   /topics  the topics   /why  why the last answer   /quit  leave"


def chat(advisor: Advisor, stdin: TextIO, stdout: TextIO) -> int:
    """Run a conversation until /quit, end of input or Ctrl-C; returns the exit code."""
    interactive = stdin.isatty() and stdout.isatty()
    session = Session()
    last: Reply | None = None
    if interactive:
        _enable_line_editing()
        print(f"Career Advisor: ask me about the {', '.join(advisor.careers)} career. {COMMANDS}", file=stdout)
    while True:
        try:
            line = input(PROMPT) if interactive else stdin.readline()
        except (EOFError, KeyboardInterrupt):
            print(file=stdout)
            return 0
        if not interactive and not line:
            return 0
        text = line.strip()
        command = text.lower()
        if command in ("/quit", "/exit", "/q"):
            return 0
        if command == "/topics":
            print("\n".join(f"- {title}: {question}" for _, title, question in advisor.topics()), file=stdout)
        elif command == "/why":
            print(explain(last) if last else "Ask a question first; /why then explains how it was understood.", file=stdout)
        elif command == "/help":
            print(advisor.reply("help", session).text + f"\nCommands: {COMMANDS}", file=stdout)
        else:
            last = advisor.reply(text, session)
            print(_render(last, interactive) + "\n", file=stdout, flush=True)


def _render(reply: Reply, interactive: bool) -> str:
    if not interactive or not reply.suggestions:
        return reply.text
    return reply.text + "\n  (you could ask: " + " | ".join(reply.suggestions) + ")"


def _enable_line_editing() -> None:
    """Arrow keys and history come from importing readline, where the platform has it."""
    try:
        import readline  # noqa: F401
    except ImportError:
        pass
