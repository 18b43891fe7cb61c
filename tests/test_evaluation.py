"""`advisor eval`: exact figures on cases with a known outcome, file:line errors, JSON and failure listing.

The figures are checked against a scripted stand-in for the advisor, so they do not move when the
matcher is tuned; the command-line tests use the real advisor only where the outcome cannot depend
on matching quality (regexes like '.' that every answer matches). How accurate the real advisor is
on the held-out sets is another test's business.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from advisor.core import Reply  # noqa: E402
from advisor.datafile import DataError  # noqa: E402
from advisor.dialogue import Session  # noqa: E402
from advisor.evaluation import evaluate, format_report, load_cases, run_eval_command  # noqa: E402

CASES = """\
- id: s1
  text: "q-salary"
  intent: salary
  slots: {period: hourly}
  must: ['\\$59']
  tag: plain
- id: s2
  text: "q-wrong"
  intent: skills
  must: ['skill']
  tag: plain
- id: s3
  text: "q-multi"
  intent: [pros_cons, salary]
  tag: multi
- id: s4
  text: "q-near"
  intent: out_of_scope
  must_not: ['123,558']
  tag: near
- id: s5
  text: "q-far"
  intent: out_of_scope
  tag: far
- id: d1
  tag: followup
  turns:
    - {text: "d-a", intent: salary}
    - {text: "d-b", intent: salary, slots: {level: starting}, tag: dialogue-end}
"""

SCRIPT = {
    "q-salary": ("salary", ("salary",), {"period": "hourly"}, "About $59 an hour."),
    "q-wrong": ("education", ("education",), {}, "A bachelor's degree."),
    "q-multi": ("salary", ("salary",), {}, "The median salary is $123,558."),
    "q-near": ("salary", ("salary",), {}, "The median salary is $123,558."),
    "q-far": ("out_of_scope", ("out_of_scope",), {}, "Sorry, I can't help with that."),
    "d-a": ("salary", ("salary",), {}, "The median salary is $123,558."),
    "d-b": ("salary", ("salary",), {"level": "median"}, "The median salary is $123,558."),
}


class ScriptedAdvisor:
    """Answers from SCRIPT; a dialogue's second turn only gets its scripted answer in a shared session."""

    def reply(self, text: str, session: Session | None = None) -> Reply:
        assert session is not None
        session.turns += 1
        if text == "d-b" and session.turns != 2:
            return Reply("lost the context", "out_of_scope", ("out_of_scope",), 0.5, {})
        if text != "d-b" and session.turns != 1:
            return Reply("stale session", "out_of_scope", ("out_of_scope",), 0.5, {})
        intent, intents, slots, answer = SCRIPT[text]
        return Reply(answer, intent, intents, 0.9, dict(slots))


@pytest.fixture
def cases_file(tmp_path: Path) -> Path:
    path = tmp_path / "cases.yaml"
    path.write_text(CASES, encoding="utf-8")
    return path


def _figures(report) -> dict[str, tuple[int, int]]:
    return {name: (rate.hits, rate.total) for name, rate in report.summary().items()}


def test_load_cases_reads_singles_and_dialogues(cases_file: Path) -> None:
    cases = load_cases(cases_file)
    assert [case.id for case in cases] == ["s1", "s2", "s3", "s4", "s5", "d1"]
    dialogue = cases[-1]
    assert [turn.text for turn in dialogue.turns] == ["d-a", "d-b"]
    assert [turn.tag for turn in dialogue.turns] == ["followup", "dialogue-end"]
    assert cases[2].turns[0].intents == ("pros_cons", "salary")
    assert cases[0].turns[0].slots == {"period": "hourly"}
    assert cases[0].turns[0].must[0].search("$59 AN HOUR")


def test_exact_figures(cases_file: Path) -> None:
    report = evaluate(ScriptedAdvisor(), load_cases(cases_file))
    assert report.messages == 7 and report.cases == 6
    assert _figures(report) == {
        "in_scope_accuracy": (3, 5),
        "must_pass": (1, 2),
        "must_not_leaks": (1, 1),
        "oos_declined_near": (0, 1),
        "oos_declined_other": (1, 1),
        "followup_accuracy": (1, 1),
        "slot_accuracy": (1, 2),
        "intent_accuracy": (4, 7),
        "pass_rate": (3, 7),
    }
    salary = report.per_intent["salary"]
    assert (salary.support, salary.predicted, salary.correct) == (3, 5, 3)
    assert salary.precision == pytest.approx(0.6) and salary.recall == 1.0 and salary.f1 == pytest.approx(0.75)
    scope = report.per_intent["out_of_scope"]
    assert (scope.precision, scope.recall) == (1.0, 0.5) and scope.f1 == pytest.approx(2 / 3)
    assert report.per_intent["skills"].precision is None and report.per_intent["skills"].f1 == 0.0
    assert {gold: dict(row) for gold, row in report.confusion.items()} == {
        "salary": {"salary": 3},
        "skills": {"education": 1},
        "pros_cons": {"salary": 1},
        "out_of_scope": {"salary": 1, "out_of_scope": 1},
    }
    per_tag = {tag: (accuracy.hits, accuracy.total, passed.hits) for tag, (accuracy, passed) in report.per_tag.items()}
    assert per_tag == {"dialogue-end": (1, 1, 0), "far": (1, 1, 1), "followup": (1, 1, 1), "multi": (0, 1, 0), "near": (0, 1, 0), "plain": (1, 2, 1)}
    assert report.messages_per_second is not None and report.messages_per_second > 0


def test_worst_failures_come_first(cases_file: Path) -> None:
    report = evaluate(ScriptedAdvisor(), load_cases(cases_file))
    worst = report.failures(10)
    assert [(o.case.id, o.index) for o in worst] == [("s4", 0), ("s2", 0), ("s3", 0), ("d1", 1)]
    assert worst[0].leaked == ("123,558",)
    assert worst[1].failed_must == ("skill",)
    assert worst[3].slot_misses == ("level=starting (got median)",)


def test_text_report_puts_the_summary_first(cases_file: Path) -> None:
    report = evaluate(ScriptedAdvisor(), load_cases(cases_file))
    text = format_report(report, [cases_file], failures=1)
    order = [text.index(heading) for heading in ("in-scope intent accuracy", "Per intent", "Per tag", "Confusion matrix", "Worst failures")]
    assert order == sorted(order)
    assert "3/5" in text and "60.0%" in text
    assert "- s4 [near]" in text and "must_not hit:  123,558" in text


def test_run_eval_command_returns_0_and_writes_the_report(cases_file: Path) -> None:
    out = io.StringIO()
    assert run_eval_command(ScriptedAdvisor(), [cases_file], failures=0, as_json=True, out=out) == 0
    data = json.loads(out.getvalue())
    assert data["summary"]["in_scope_accuracy"] == {"hits": 3, "total": 5, "rate": 0.6}
    assert data["failures"] == []


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- id: a\n  text: hi\n  intent: salry\n", 3, "unknown intent 'salry'"),
        ("- id: a\n  intent: salary\n", 1, "text: missing"),
        ("- id: a\n  turns:\n    - {text: hi, intent: greeting}\n    - {text: yo}\n", 4, "intent: missing"),
        ("- id: a\n  text: hi\n  intent: salary\n  must: ['(unclosed']\n", 4, "bad regex"),
        ("- id: a\n  text: hi\n  intent: salary\n  must_no: ['x']\n", 4, "did you mean 'must_not'"),
        ("- id: a\n  text: hi\n  intent: salary\n  slots: {period: yearly}\n", 4, "unknown value 'yearly'"),
        ("- id: a\n  text: 'hi\n  intent: [salary\n", None, "broken YAML"),
        ("just: a mapping\n", 1, "expected a list of cases"),
    ],
)
def test_bad_files_name_file_and_line(tmp_path: Path, text: str, line: int | None, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_cases(path)
    assert message in str(caught.value)
    if line is not None:
        assert str(caught.value).startswith(f"{path}:{line}:")


# --------------------------------------------------------------------------- through `python bot.py eval`

LIVE_CASES = """\
- id: hello-right
  text: "hello"
  intent: greeting
  must: ['.']
  tag: plain
- id: mislabelled
  text: "hello"
  intent: salary
  must_not: ['.']
  tag: plain
"""


def _bot(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "bot.py"), "eval", *args], capture_output=True, text=True, cwd=ROOT, timeout=60)


@pytest.fixture
def live_file(tmp_path: Path) -> Path:
    path = tmp_path / "live.yaml"
    path.write_text(LIVE_CASES, encoding="utf-8")
    return path


def test_cli_json_is_one_parseable_object(live_file: Path) -> None:
    result = _bot(str(live_file), "--json", "--failures", "5")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"files", "cases", "messages", "messages_per_second", "summary", "per_intent", "per_tag", "confusion", "failures"} <= set(data)
    assert {"in_scope_accuracy", "must_pass", "must_not_leaks", "oos_declined_near", "oos_declined_other",
            "followup_accuracy", "slot_accuracy", "pass_rate"} <= set(data["summary"])
    assert data["messages"] == 2
    assert data["summary"]["must_pass"] == {"hits": 1, "total": 1, "rate": 1.0}
    assert data["summary"]["must_not_leaks"] == {"hits": 1, "total": 1, "rate": 1.0}
    failure = next(item for item in data["failures"] if item["id"] == "mislabelled")
    assert failure["expected"] == ["salary"] and failure["leaked"] == ["."]


def test_cli_failures_lists_the_failing_case(live_file: Path) -> None:
    result = _bot(str(live_file), "--failures", "3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.lstrip().startswith("Evaluated 2 cases, 2 messages")
    listing = result.stdout[result.stdout.index("Worst failures"):]
    assert "- mislabelled [plain]" in listing
    assert "expected salary" in listing and "must_not hit:  ." in listing
    assert "hello-right" not in listing


def test_cli_bad_file_exits_2_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("- id: a\n  text: hi\n  intent: salry\n", encoding="utf-8")
    result = _bot(str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{path}:3:" in lines[0] and "salry" in lines[0]
