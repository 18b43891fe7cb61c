"""The command line, run as a user runs it: `python bot.py COMMAND ...` in a child process.

Checked: what is printed on stdout, the one line on stderr, the exit code, and that no traceback ever shows.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest

from conftest import BOT, REPO

TITLE = "Director of Clinical Operations"
HOURLY = "The median salary of $123,558 a year equates to a mean hourly wage of $59 an hour."
WEEKLY = "The median salary of $123,558 a year equates to $2,376 a week."
BATCH_KEYS = {"session", "text", "intent", "intents", "confidence", "slots", "answer"}


def ok(result: subprocess.CompletedProcess) -> str:
    """stdout of a run that must have succeeded quietly."""
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def usage_error(result: subprocess.CompletedProcess) -> str:
    """The single stderr line of a run that must have failed with exit code 2."""
    assert "Traceback" not in result.stderr
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


# --- ask ----------------------------------------------------------------------------------------

def test_ask_prints_the_answer(run_cli) -> None:
    out = ok(run_cli("ask", "what's the pay per hour?"))
    assert "$59" in out
    assert out == HOURLY + "\n"


def test_ask_takes_unquoted_words(run_cli) -> None:
    assert ok(run_cli("ask", "what's", "the", "pay", "per", "hour?")) == HOURLY + "\n"


def test_ask_works_from_another_folder(run_cli, tmp_path) -> None:
    assert ok(run_cli("ask", "what's the pay per hour?", cwd=tmp_path)) == HOURLY + "\n"


def test_ask_json_is_one_object(run_cli) -> None:
    out = ok(run_cli("ask", "--json", "what's the pay per hour?"))
    assert out.count("\n") == 1
    data = json.loads(out)
    assert {"intent", "intents", "confidence", "slots", "text"} <= set(data)
    assert data["intent"] == "salary"
    assert data["intents"] == ["salary"]
    assert data["slots"] == {"period": "hourly"}
    assert isinstance(data["confidence"], float) and 0 < data["confidence"] <= 1
    assert data["text"] == HOURLY


def test_ask_json_keeps_unicode_readable(run_cli) -> None:
    data = json.loads(ok(run_cli("ask", "--json", "hi")))
    assert data["intent"] == "greeting"
    assert "\u201cHow much does it pay?\u201d" in data["text"]


def test_ask_explain_shows_intent_and_keywords(run_cli) -> None:
    out = ok(run_cli("ask", "--explain", "what's the pay per hour?"))
    assert out.startswith(HOURLY + "\n\n")
    assert "intent: salary (confidence " in out
    assert "keywords for salary:" in out
    assert "slots: period=hourly" in out


def test_ask_json_explain(run_cli) -> None:
    data = json.loads(ok(run_cli("ask", "--json", "--explain", "what's the pay per hour?")))
    assert data["explain"].startswith("intent: salary")
    assert "keywords" in data["explain"]


def test_ask_explain_of_a_decline_says_why(run_cli) -> None:
    out = ok(run_cli("ask", "--explain", "what does a nurse practitioner earn"))
    assert "intent: out_of_scope" in out
    assert "another occupation (nurse practitioner)" in out


@pytest.mark.parametrize("args", [("ask",), ("ask", ""), ("ask", "   ")])
def test_ask_without_a_question_exits_2(run_cli, args) -> None:
    assert usage_error(run_cli(*args)) == 'advisor: ask needs a question, e.g. advisor ask "what does it pay per hour?"\n'


def test_ask_jsonl_with_a_question_exits_2(run_cli) -> None:
    assert "ask --jsonl reads questions from stdin" in usage_error(run_cli("ask", "--jsonl", "hi"))


def test_json_and_jsonl_are_exclusive(run_cli) -> None:
    result = run_cli("ask", "--json", "--jsonl")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "not allowed with" in result.stderr


# --- ask --jsonl --------------------------------------------------------------------------------

def _batch(*requests: object) -> str:
    return "".join((request if isinstance(request, str) else json.dumps(request)) + "\n" for request in requests)


def test_jsonl_sessions_share_context(run_cli) -> None:
    out = jsonl(ok(run_cli("ask", "--jsonl", stdin=_batch({"text": "what's the salary?", "session": "a"}, {"text": "and weekly?", "session": "a"}))))
    assert [record["intent"] for record in out] == ["salary", "salary"]
    assert out[1]["slots"] == {"period": "weekly"}
    assert out[1]["answer"] == WEEKLY


def test_jsonl_sessions_are_independent(run_cli) -> None:
    out = jsonl(ok(run_cli("ask", "--jsonl", stdin=_batch(
        {"text": "what's the salary?", "session": "a"},
        {"text": "what are the pros?", "session": "b"},
        {"text": "go on", "session": "c"},
        {"text": "what is bad about it?", "session": "b"},
        {"text": "and weekly?", "session": "a"},
    ))))
    assert [record["session"] for record in out] == ["a", "b", "c", "b", "a"]
    assert out[2]["intent"] not in ("salary", "pros_cons")
    assert "$123,558" not in out[2]["answer"]
    assert out[3]["intent"] == "pros_cons" and out[3]["slots"] == {"side": "cons"}
    assert out[4]["answer"] == WEEKLY


def test_jsonl_session_ids_may_be_numbers_or_missing(run_cli) -> None:
    out = jsonl(ok(run_cli("ask", "--jsonl", stdin=_batch(
        {"text": "what's the salary?", "session": 7},
        {"text": "what's the salary?"},
        {"text": "and weekly?", "session": "7"},
        {"text": "and weekly?", "session": None},
    ))))
    assert [record["session"] for record in out] == ["7", "", "7", ""]
    assert out[2]["answer"] == WEEKLY and out[3]["answer"] == WEEKLY


def test_jsonl_bad_lines_get_an_error_and_the_batch_goes_on(run_cli) -> None:
    out = jsonl(ok(run_cli("ask", "--jsonl", stdin=_batch(
        {"text": "what's the salary?", "session": "a"},
        "this is not json",
        {"question": "no text key"},
        {"text": 5},
        "[1, 2]",
        '{"text": "unterminated',
        {"text": "and weekly?", "session": "a"},
    ))))
    assert len(out) == 7
    assert out[0]["intent"] == "salary"
    for number, record in enumerate(out[1:6], start=2):
        assert set(record) == {"line", "error"}
        assert record["line"] == number
        assert record["error"].startswith(f"line {number}: ")
    assert out[6]["answer"] == WEEKLY


def test_jsonl_output_order_and_keys_match_the_input(run_cli) -> None:
    questions = ["hi", "what's the pay per hour?", "what skills do I need?", "what does a nurse practitioner earn", "bye"]
    out = jsonl(ok(run_cli("ask", "--jsonl", stdin=_batch(*({"text": question, "session": str(index)} for index, question in enumerate(questions))))))
    assert [record["text"] for record in out] == questions
    assert [record["session"] for record in out] == [str(index) for index in range(len(questions))]
    assert [record["intent"] for record in out] == ["greeting", "salary", "skills", "out_of_scope", "goodbye"]
    for record in out:
        assert set(record) == BATCH_KEYS
        assert record["intents"][0] in (record["intent"], *record["intents"])
    assert out[1]["answer"] == HOURLY


def test_jsonl_skips_blank_lines(run_cli) -> None:
    out = jsonl(ok(run_cli("ask", "--jsonl", stdin="\n" + _batch({"text": "hi"}) + "   \n\n" + _batch({"text": "bye"}))))
    assert [record["intent"] for record in out] == ["greeting", "goodbye"]


def test_jsonl_empty_input(run_cli) -> None:
    assert ok(run_cli("ask", "--jsonl", stdin="")) == ""


def test_jsonl_invalid_utf8_does_not_crash(run_cli) -> None:
    stdin = (b'{"text": "what\'s the salary?", "session": "a"}\n'
             b'{"text": "caf\xe9 \xff\xfe salary?", "session": "b"}\n'
             b"\xff\xfe\x80\x81\n"
             b'{"text": "and weekly?", "session": "a"}\n')
    out = jsonl(ok(run_cli("ask", "--jsonl", stdin=stdin)))
    assert len(out) == 4
    assert out[0]["intent"] == "salary"
    assert "answer" in out[1] or "error" in out[1]
    assert "error" in out[2]
    assert out[3]["answer"] == WEEKLY


def test_jsonl_odd_text_is_answered(run_cli) -> None:
    texts = ["", "\U0001f937\u200d\u2640\ufe0f", "<b>x</b><iframe>", "'; DROP TABLE users; --", "\u05de\u05d4 \u05d4\u05de\u05e9\u05db\u05d5\u05e8\u05ea?", "x" * 100_000]
    out = jsonl(ok(run_cli("ask", "--jsonl", stdin=_batch(*({"text": text} for text in texts)))))
    assert [record["text"] for record in out] == texts
    assert out[0]["intent"] == "help"
    assert all(set(record) == BATCH_KEYS for record in out)


def test_jsonl_closed_pipe_ends_quietly() -> None:
    """A reader that stops early (`| head -1`) must not make the batch print a traceback."""
    process = subprocess.Popen([sys.executable, str(BOT), "ask", "--jsonl"], cwd=REPO, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stdin is not None
    stdin = process.stdin

    def feed() -> None:
        try:
            stdin.write(_batch(*({"text": "what's the salary?"} for _ in range(3000))).encode())
            stdin.close()
        except (BrokenPipeError, OSError):
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        first = process.stdout.readline()
        process.stdout.close()
        process.wait(timeout=60)
    finally:
        process.kill()
        writer.join(timeout=10)
    stderr = process.stderr.read().decode() if process.stderr else ""
    assert json.loads(first)["intent"] == "salary"
    assert "Traceback" not in stderr
    assert process.returncode in (0, 120)


# --- check --------------------------------------------------------------------------------------

def test_check(run_cli) -> None:
    out = ok(run_cli("check"))
    assert out.startswith(f"ok: 1 career(s) ({TITLE}); 12 intents with ")
    assert out.count("\n") == 1


def test_check_with_explicit_folders(run_cli, tmp_path) -> None:
    out = ok(run_cli("check", "--knowledge", str(REPO / "knowledge"), "--intents", str(REPO / "intents"), cwd=tmp_path))
    assert out.startswith("ok: 1 career(s)")


# --- missing folders ----------------------------------------------------------------------------

@pytest.mark.parametrize("args, option", [
    (("ask", "--knowledge", "/nonexistent", "hi"), "--knowledge"),
    (("check", "--knowledge", "/nonexistent"), "--knowledge"),
    (("check", "--intents", "/nonexistent"), "--intents"),
    (("chat", "--knowledge", "/nonexistent"), "--knowledge"),
    (("--knowledge", "/nonexistent"), "--knowledge"),
])
def test_missing_folder_exits_2_with_one_line(run_cli, args, option) -> None:
    assert usage_error(run_cli(*args, stdin="hi\n")) == f"advisor: {option} /nonexistent: no such folder\n"


@pytest.mark.parametrize("args", [("--knowledge", "/nonexistent", "ask", "hi"), ("--intents", "/nonexistent", "check")])
def test_folder_given_before_the_command_is_used(run_cli, args) -> None:
    assert "/nonexistent: no such folder" in usage_error(run_cli(*args))


def test_unknown_command_is_a_usage_error(run_cli) -> None:
    result = run_cli("frobnicate")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "invalid choice: 'frobnicate'" in result.stderr


# --- chat ---------------------------------------------------------------------------------------

def test_chat_piped(run_cli) -> None:
    out = ok(run_cli("chat", stdin="what's the salary?\n/topics\n/why\nand weekly?\n/quit\nbye\n"))
    assert "you>" not in out
    assert "Career Advisor:" not in out
    assert "(you could ask:" not in out
    assert out.startswith(f"The median salary for a {TITLE} in the United States is $123,558 a year")
    assert "- Salary and pay: How much does it pay?" in out
    assert "intent: salary (confidence" in out
    assert WEEKLY in out
    assert out.index("- Salary and pay") < out.index("intent: salary") < out.index(WEEKLY)
    assert "Goodbye" not in out


def test_chat_is_the_default_command(run_cli) -> None:
    out = ok(run_cli(stdin="what's the pay per hour?\n"))
    assert out == HOURLY + "\n\n"


@pytest.mark.parametrize("stdin", ["", "what's the pay per hour?\n", "what's the pay per hour?"])
def test_chat_ends_at_end_of_input(run_cli, stdin) -> None:
    out = ok(run_cli("chat", stdin=stdin))
    assert out == (HOURLY + "\n\n" if stdin else "")


def test_chat_why_before_a_question(run_cli) -> None:
    assert ok(run_cli("chat", stdin="/why\n")) == "Ask a question first; /why then explains how it was understood.\n"


def test_chat_help_lists_commands(run_cli) -> None:
    out = ok(run_cli("chat", stdin="/help\n"))
    assert out.startswith(f"I can answer questions about the {TITLE} career.")
    assert "Commands: /help" in out and "/quit" in out


@pytest.mark.parametrize("command", ["/quit", "/exit", "/q", "/QUIT"])
def test_chat_quit_commands(run_cli, command) -> None:
    assert ok(run_cli("chat", stdin=f"{command}\nwhat's the salary?\n")) == ""


def test_chat_blank_lines_and_odd_input(run_cli) -> None:
    stdin = "\n   \n<b>x</b><iframe>\n'; DROP TABLE users; --\n\U0001f937\u200d\u2640\ufe0f\n\u0643\u0645 \u0627\u0644\u0631\u0627\u062a\u0628\u061f\nwhat's the pay per hour?\n"
    out = ok(run_cli("chat", stdin=stdin))
    assert out.endswith(HOURLY + "\n\n")
    assert "<iframe>" not in out


def test_chat_invalid_utf8_does_not_crash(run_cli) -> None:
    out = ok(run_cli("chat", stdin=b"what's the salary?\n\xff\xfe\x80 salary\ncaf\xe9\nand weekly?\n"))
    assert "$123,558 a year" in out
    assert out.endswith(WEEKLY + "\n\n")


# --- Telegram is never imported outside the telegram command ------------------------------------

@pytest.mark.parametrize("argv, stdin", [
    (["ask", "hi"], ""),
    (["ask", "--json", "what's the pay per hour?"], ""),
    (["ask", "--jsonl"], '{"text": "hi"}\n'),
    (["chat"], "hi\n/why\n"),
    (["check"], ""),
])
def test_telegram_is_not_imported(argv, stdin) -> None:
    code = ("import io, sys, contextlib, advisor.cli\n"
            "out = io.StringIO()\n"
            "with contextlib.redirect_stdout(out):\n"
            f"    code = advisor.cli.main({argv!r})\n"
            "print(code, sorted(name for name in sys.modules if name == 'telegram' or name.startswith(('telegram.', 'advisor.telegram'))))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, input=stdin, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "0 []"


def test_telegram_not_in_sys_modules_after_ask() -> None:
    code = 'import sys, advisor.cli; advisor.cli.main(["ask", "hi"]); print("telegram" in sys.modules)'
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False"


def test_the_console_session_shown_in_the_readme_is_what_the_advisor_says(run_cli) -> None:
    """The README shows a real session; this keeps it real."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ printf '", 1)[1].split("```", 1)[0]
    typed, shown = block.split("' | advisor chat\n", 1)
    result = run_cli("chat", stdin=typed.encode().decode("unicode_escape"))
    assert result.returncode == 0
    assert result.stdout.strip() == shown.strip()
