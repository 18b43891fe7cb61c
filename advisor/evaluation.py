"""`advisor eval`: how well the advisor understands and answers labelled questions.

Every case goes through `Advisor.reply`, the same code path as the chat, so the figures describe
what users get rather than what the matcher does in isolation. Labelled files are edited by hand,
so a mistake in one (a misspelt intent, a broken regex) stops the run with the file and line,
instead of quietly scoring against a wrong label.

File format (see examples/sample-questions.yaml): a YAML list whose items are either single
turns `{id, text, intent, slots, must, must_not, tag}` or dialogues `{id, tag, turns: [...]}`.
`intent` is a label or a list of acceptable labels; `must` / `must_not` are case-insensitive
Python regexes on the answer. Dialogue turns share one `Session`; every case starts a fresh one.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from collections.abc import Iterable

from advisor.core import Advisor, Reply
from advisor.datafile import DataError, Node, describe, read_yaml
from advisor.dialogue import Session
from advisor.intents import LABELS, OUT_OF_SCOPE, SLOT_VALUES

NEAR_TAGS = ("near", "unsupported")
"""Out-of-scope questions that look like in-scope ones; declining them is the hard part, so they are reported apart."""
MULTI_TAG = "multi"
"""A multi-part message must cover every expected intent, not just one of them."""
ANSWER_PREVIEW = 200

_CASE_KEYS = ("id", "text", "intent", "slots", "must", "must_not", "tag")
_DIALOGUE_KEYS = ("id", "tag", "turns")
_TURN_KEYS = ("id", "text", "intent", "slots", "must", "must_not", "tag")
_SHORT = {"overview": "ovw", "salary": "sal", "responsibilities": "resp", "skills": "skl", "education": "edu",
          "pros_cons": "p/c", "getting_started": "start", "outlook": "outl", "greeting": "greet", "help": "help",
          "thanks": "thx", "goodbye": "bye", OUT_OF_SCOPE: "oos"}


# --------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Expected:
    """One message to send and what its reply must satisfy."""

    text: str
    intents: tuple[str, ...]
    tag: str
    line: int
    slots: dict[str, str] = field(default_factory=dict)
    must: tuple[re.Pattern[str], ...] = ()
    must_not: tuple[re.Pattern[str], ...] = ()

    @property
    def out_of_scope(self) -> bool:
        return OUT_OF_SCOPE in self.intents


@dataclass(frozen=True)
class Case:
    """A single question, or a dialogue whose turns share one session."""

    id: str
    path: str
    line: int
    turns: tuple[Expected, ...]

    @property
    def is_dialogue(self) -> bool:
        return len(self.turns) > 1


def load_cases(path: Path) -> list[Case]:
    """Read and check one labelled file; raises `DataError` with the file and line of the first mistake."""
    root = read_yaml(path)
    if not isinstance(root.value, list):
        raise DataError(path, root.line, "", "expected a list of cases (each item starting with '- id: ...')")
    cases: list[Case] = []
    seen: dict[str, int] = {}
    for node in root.value:
        case = _case(path, node)
        if case.id in seen:
            raise DataError(path, node.line, "id", f"{case.id!r} is already used on line {seen[case.id]}")
        seen[case.id] = node.line
        cases.append(case)
    return cases


def _case(path: Path, node: Node) -> Case:
    fields = _mapping(path, node, "case")
    case_id = str(_scalar(path, fields["id"], "id", str) if "id" in fields else f"{path.name}:{node.line}")
    tag = _optional_text(path, fields, "tag")
    if "turns" in fields:
        _check_keys(path, fields, _DIALOGUE_KEYS, "dialogue")
        turns_node = fields["turns"]
        if not isinstance(turns_node.value, list) or not turns_node.value:
            raise DataError(path, turns_node.line, "turns", "expected a non-empty list of turns")
        turns = tuple(_expected(path, _mapping(path, item, "turn"), item.line, tag, _TURN_KEYS) for item in turns_node.value)
        return Case(case_id, str(path), node.line, turns)
    return Case(case_id, str(path), node.line, (_expected(path, fields, node.line, tag, _CASE_KEYS),))


def _expected(path: Path, fields: dict[str, Node], line: int, inherited_tag: str, known: tuple[str, ...]) -> Expected:
    _check_keys(path, fields, known, "case")
    if "text" not in fields:
        raise DataError(path, line, "text", "missing: every case (or dialogue turn) needs the message to send")
    if "intent" not in fields:
        raise DataError(path, line, "intent", f"missing: give the expected intent (one of {', '.join(LABELS)})")
    text = _scalar(path, fields["text"], "text", str)
    return Expected(
        text=str(text),
        intents=_intents(path, fields["intent"]),
        tag=_optional_text(path, fields, "tag") or inherited_tag,
        line=line,
        slots=_slots(path, fields["slots"]) if "slots" in fields else {},
        must=_patterns(path, fields, "must"),
        must_not=_patterns(path, fields, "must_not"),
    )


def _mapping(path: Path, node: Node, what: str) -> dict[str, Node]:
    if not isinstance(node.value, dict):
        raise DataError(path, node.line, "", f"expected a {what} mapping (id, text, intent, ...), found {describe(node.value)}")
    return node.value


def _check_keys(path: Path, fields: dict[str, Node], known: tuple[str, ...], what: str) -> None:
    """Extra keys are allowed as metadata (e.g. `clinc_intent`), but a near-miss of a known key is a typo
    that would silently drop a check, so it is an error."""
    for key, node in fields.items():
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
        if close:
            raise DataError(path, node.line, key, f"unknown {what} field; did you mean {close[0]!r}?")
        if key in ("turns", "text", "intent") or (what == "dialogue" and key in _TURN_KEYS):
            raise DataError(path, node.line, key, f"a {what} cannot have {key!r} (a dialogue has turns; a single case has text and intent)")


def _scalar(path: Path, node: Node, name: str, kind: type) -> Any:
    value = node.value
    if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise DataError(path, node.line, name, f"expected text, found {describe(value)}")
    return value


def _optional_text(path: Path, fields: dict[str, Node], name: str) -> str:
    return str(_scalar(path, fields[name], name, str)) if name in fields and fields[name].value is not None else ""


def _intents(path: Path, node: Node) -> tuple[str, ...]:
    items = node.value if isinstance(node.value, list) else [node]
    if not items:
        raise DataError(path, node.line, "intent", "empty list: give at least one intent")
    labels: list[str] = []
    for item in items:
        label = item.value
        if not isinstance(label, str) or label not in LABELS:
            hint = difflib.get_close_matches(str(label), LABELS, n=1)
            suggestion = f"did you mean {hint[0]!r}? " if hint else ""
            raise DataError(path, item.line, "intent", f"unknown intent {label!r}; {suggestion}known: {', '.join(LABELS)}")
        labels.append(label)
    return tuple(labels)


def _slots(path: Path, node: Node) -> dict[str, str]:
    if not isinstance(node.value, dict):
        raise DataError(path, node.line, "slots", f"expected a mapping like {{period: hourly}}, found {describe(node.value)}")
    slots: dict[str, str] = {}
    for slot, item in node.value.items():
        if slot not in SLOT_VALUES:
            raise DataError(path, item.line, f"slots.{slot}", f"unknown slot (known: {', '.join(SLOT_VALUES)})")
        if item.value not in SLOT_VALUES[slot]:
            raise DataError(path, item.line, f"slots.{slot}", f"unknown value {item.value!r} (known: {', '.join(SLOT_VALUES[slot])})")
        slots[slot] = item.value
    return slots


def _patterns(path: Path, fields: dict[str, Node], name: str) -> tuple[re.Pattern[str], ...]:
    if name not in fields or fields[name].value is None:
        return ()
    node = fields[name]
    items = node.value if isinstance(node.value, list) else [node]
    patterns: list[re.Pattern[str]] = []
    for item in items:
        if not isinstance(item.value, str):
            raise DataError(path, item.line, name, f"expected a regex in quotes, found {describe(item.value)}")
        try:
            patterns.append(re.compile(item.value, re.IGNORECASE))
        except re.error as error:
            raise DataError(path, item.line, name, f"bad regex {item.value!r}: {error}") from None
    return tuple(patterns)


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Outcome:
    """What one turn got, judged against what it expected."""

    case: Case
    index: int
    expected: Expected
    intent: str
    intents: tuple[str, ...]
    confidence: float
    slots: dict[str, str]
    answer: str
    seconds: float
    intent_ok: bool
    slot_misses: tuple[str, ...]
    failed_must: tuple[str, ...]
    leaked: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return self.intent_ok and not self.slot_misses and not self.failed_must and not self.leaked

    @property
    def gold(self) -> str:
        """The expected label this turn counts under in the confusion matrix and per-intent figures.

        With several acceptable labels, a correct answer is credited to the one given; a wrong one is
        charged to the first expected label the reply did not cover, so it always lands off the diagonal.
        """
        if self.intent_ok:
            return self.intent
        missing = [label for label in self.expected.intents if label not in self.intents]
        return missing[0] if missing else self.expected.intents[0]

    @property
    def severity(self) -> tuple[int, int, int, int, float]:
        """Sort key for "worst failures": a wrong intent, then a leak, then failed checks; confident mistakes first."""
        return (int(not self.intent_ok), len(self.leaked), len(self.failed_must), len(self.slot_misses), self.confidence)


def judge(case: Case, index: int, expected: Expected, reply: Reply, seconds: float) -> Outcome:
    """Compare one reply with its expectations (the correctness rule lives here)."""
    intent_ok = reply.intent in expected.intents
    if expected.tag == MULTI_TAG:
        intent_ok = intent_ok and all(label in reply.intents for label in expected.intents)
    slot_misses = tuple(f"{slot}={value} (got {reply.slots.get(slot, '-')})" for slot, value in expected.slots.items() if reply.slots.get(slot) != value)
    return Outcome(
        case=case, index=index, expected=expected, intent=reply.intent, intents=tuple(reply.intents),
        confidence=reply.confidence, slots=dict(reply.slots), answer=reply.text, seconds=seconds, intent_ok=intent_ok,
        slot_misses=slot_misses,
        failed_must=tuple(pattern.pattern for pattern in expected.must if not pattern.search(reply.text)),
        leaked=tuple(pattern.pattern for pattern in expected.must_not if pattern.search(reply.text)),
    )


def run_cases(advisor: Advisor, cases: Iterable[Case]) -> list[Outcome]:
    """Send every turn through `advisor.reply`; each case gets a fresh session, its turns share it."""
    outcomes: list[Outcome] = []
    for case in cases:
        session = Session()
        for index, expected in enumerate(case.turns):
            start = time.perf_counter()
            reply = advisor.reply(expected.text, session)
            seconds = time.perf_counter() - start
            outcomes.append(judge(case, index, expected, reply, seconds))
    return outcomes


def evaluate(advisor: Advisor, cases: Iterable[Case]) -> Report:
    """Run `cases` and compute every figure of the report."""
    cases = list(cases)
    return Report.from_outcomes(run_cases(advisor, cases), len(cases))


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Rate:
    """A count out of a total; `value` is None when nothing was measured, so "n/a" is not mistaken for 0%."""

    hits: int
    total: int

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def text(self) -> str:
        count = f"{self.hits}/{self.total}"
        return f"{count:>11}  " + (f"{100 * self.value:5.1f}%" if self.value is not None else "  n/a")

    def to_dict(self) -> dict[str, Any]:
        return {"hits": self.hits, "total": self.total, "rate": None if self.value is None else round(self.value, 4)}


def rate(items: Iterable[bool]) -> Rate:
    values = list(items)
    return Rate(sum(values), len(values))


@dataclass(frozen=True)
class IntentScore:
    label: str
    support: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.support if self.support else None

    @property
    def f1(self) -> float | None:
        precision, recall = self.precision or 0.0, self.recall or 0.0
        if self.support == 0 and self.predicted == 0:
            return None
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"support": self.support, "predicted": self.predicted, "correct": self.correct,
                "precision": _round(self.precision), "recall": _round(self.recall), "f1": _round(self.f1)}


@dataclass(frozen=True)
class Report:
    """Every figure `advisor eval` prints, computed once from the outcomes."""

    outcomes: list[Outcome]
    cases: int
    in_scope_accuracy: Rate
    intent_accuracy: Rate
    pass_rate: Rate
    must_pass: Rate
    must_not_leaks: Rate
    followup_accuracy: Rate
    slot_accuracy: Rate
    oos_declined_near: Rate
    oos_declined_other: Rate
    per_intent: dict[str, IntentScore]
    per_tag: dict[str, tuple[Rate, Rate]]
    confusion: dict[str, Counter[str]]
    seconds: float

    @classmethod
    def from_outcomes(cls, outcomes: list[Outcome], cases: int) -> Report:
        in_scope = [o for o in outcomes if not o.expected.out_of_scope]
        oos = [o for o in outcomes if o.expected.out_of_scope]
        by_tag: dict[str, list[Outcome]] = defaultdict(list)
        for outcome in outcomes:
            by_tag[outcome.expected.tag or "(none)"].append(outcome)
        return cls(
            outcomes=outcomes,
            cases=cases,
            in_scope_accuracy=rate(o.intent_ok for o in in_scope),
            intent_accuracy=rate(o.intent_ok for o in outcomes),
            pass_rate=rate(o.passed for o in outcomes),
            must_pass=rate(not o.failed_must for o in outcomes if o.expected.must),
            must_not_leaks=rate(bool(o.leaked) for o in outcomes if o.expected.must_not),
            followup_accuracy=rate(o.intent_ok for o in outcomes if o.index > 0),
            slot_accuracy=Rate(sum(len(o.expected.slots) - len(o.slot_misses) for o in outcomes), sum(len(o.expected.slots) for o in outcomes)),
            oos_declined_near=rate(o.intent == OUT_OF_SCOPE for o in oos if o.expected.tag in NEAR_TAGS),
            oos_declined_other=rate(o.intent == OUT_OF_SCOPE for o in oos if o.expected.tag not in NEAR_TAGS),
            per_intent=_per_intent(outcomes),
            per_tag={tag: (rate(o.intent_ok for o in items), rate(o.passed for o in items)) for tag, items in sorted(by_tag.items())},
            confusion=_confusion(outcomes),
            seconds=sum(o.seconds for o in outcomes),
        )

    @property
    def messages(self) -> int:
        return len(self.outcomes)

    @property
    def messages_per_second(self) -> float | None:
        return self.messages / self.seconds if self.seconds > 0 else None

    @property
    def macro_f1(self) -> float | None:
        scores = [score.f1 for score in self.per_intent.values() if score.support and score.f1 is not None]
        return sum(scores) / len(scores) if scores else None

    def failures(self, limit: int) -> list[Outcome]:
        """The `limit` worst failed turns, worst first (see `Outcome.severity`)."""
        failed = [o for o in self.outcomes if not o.passed]
        return sorted(failed, key=lambda o: o.severity, reverse=True)[:max(limit, 0)]

    def summary(self) -> dict[str, Rate]:
        """The headline figures, in the order the text report shows them."""
        return {
            "in_scope_accuracy": self.in_scope_accuracy,
            "must_pass": self.must_pass,
            "must_not_leaks": self.must_not_leaks,
            "oos_declined_near": self.oos_declined_near,
            "oos_declined_other": self.oos_declined_other,
            "followup_accuracy": self.followup_accuracy,
            "slot_accuracy": self.slot_accuracy,
            "intent_accuracy": self.intent_accuracy,
            "pass_rate": self.pass_rate,
        }

    def to_dict(self, failures: int = 0, files: Iterable[Path] = ()) -> dict[str, Any]:
        return {
            "files": [str(path) for path in files],
            "cases": self.cases,
            "messages": self.messages,
            "seconds": round(self.seconds, 6),
            "messages_per_second": _round(self.messages_per_second, 1),
            "macro_f1": _round(self.macro_f1),
            "summary": {name: figure.to_dict() for name, figure in self.summary().items()},
            "per_intent": {label: score.to_dict() for label, score in self.per_intent.items()},
            "per_tag": {tag: {"intent": acc.to_dict(), "pass": passed.to_dict()} for tag, (acc, passed) in self.per_tag.items()},
            "confusion": {gold: dict(row) for gold, row in self.confusion.items()},
            "failures": [_failure_dict(outcome) for outcome in self.failures(failures)],
        }


def _per_intent(outcomes: list[Outcome]) -> dict[str, IntentScore]:
    support = Counter(o.gold for o in outcomes)
    predicted = Counter(o.intent for o in outcomes)
    correct = Counter(o.intent for o in outcomes if o.intent_ok)
    used = [label for label in LABELS if support[label] or predicted[label]]
    return {label: IntentScore(label, support[label], predicted[label], correct[label]) for label in used}


def _confusion(outcomes: list[Outcome]) -> dict[str, Counter[str]]:
    matrix: dict[str, Counter[str]] = {}
    for outcome in outcomes:
        matrix.setdefault(outcome.gold, Counter())[outcome.intent] += 1
    return {label: matrix[label] for label in LABELS if label in matrix}


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _failure_dict(outcome: Outcome) -> dict[str, Any]:
    return {
        "id": outcome.case.id,
        "turn": outcome.index + 1,
        "where": f"{outcome.case.path}:{outcome.expected.line}",
        "text": outcome.expected.text,
        "tag": outcome.expected.tag,
        "expected": list(outcome.expected.intents),
        "answered": outcome.intent,
        "intents": list(outcome.intents),
        "confidence": outcome.confidence,
        "expected_slots": outcome.expected.slots,
        "slots": outcome.slots,
        "slot_misses": list(outcome.slot_misses),
        "failed_must": list(outcome.failed_must),
        "leaked": list(outcome.leaked),
        "answer": outcome.answer[:ANSWER_PREVIEW],
    }


# --------------------------------------------------------------------------- text report


def format_report(report: Report, files: list[Path], failures: int = 0) -> str:
    """The plain-text report: headline figures first, then the tables a maintainer digs into."""
    blocks = [_summary_block(report, files), _intent_table(report), _tag_table(report), _confusion_table(report)]
    if failures:
        blocks.append(_failures_block(report, failures))
    return "\n\n".join(blocks) + "\n"


def _summary_block(report: Report, files: list[Path]) -> str:
    speed = report.messages_per_second
    rows = [
        ("in-scope intent accuracy", report.in_scope_accuracy.text()),
        ("answers passing all `must`", report.must_pass.text()),
        ("`must_not` leaks", report.must_not_leaks.text()),
        (f"out of scope declined ({'/'.join(NEAR_TAGS)})", report.oos_declined_near.text()),
        ("out of scope declined (other)", report.oos_declined_other.text()),
        ("follow-up turn accuracy", report.followup_accuracy.text()),
        ("slot accuracy", report.slot_accuracy.text()),
        ("intent accuracy (all)", report.intent_accuracy.text()),
        ("turns passing every check", report.pass_rate.text()),
        ("macro F1 (per intent)", "n/a" if report.macro_f1 is None else f"{report.macro_f1:.3f}"),
        ("speed", "n/a" if speed is None else f"{speed:,.0f} msgs/s ({1000 * report.seconds / max(report.messages, 1):.3f} ms/msg)"),
    ]
    width = max(len(name) for name, _ in rows)
    names = ", ".join(str(path) for path in files) or "(cases)"
    head = f"Evaluated {report.cases} cases, {report.messages} messages from {names}"
    return "\n".join([head, ""] + [f"  {name:<{width}}  {value}" for name, value in rows])


def _intent_table(report: Report) -> str:
    lines = ["Per intent            support  answered  precision  recall     F1"]
    for label, score in report.per_intent.items():
        lines.append(f"  {label:<18} {score.support:>8} {score.predicted:>9}  {_pct(score.precision):>9}  {_pct(score.recall):>6}  {_pct(score.f1):>5}")
    return "\n".join(lines)


def _tag_table(report: Report) -> str:
    width = max([len(tag) for tag in report.per_tag] + [10])
    lines = [f"Per tag{'':<{width - 3}} turns   intent ok   all checks"]
    for tag, (accuracy, passed) in report.per_tag.items():
        lines.append(f"  {tag:<{width}} {accuracy.total:>7}   {_pct(accuracy.value):>9}   {_pct(passed.value):>10}")
    return "\n".join(lines)


def _confusion_table(report: Report) -> str:
    """Rows are expected labels, columns answered ones; only labels that occur, zeros shown as dots."""
    columns = [label for label in LABELS if label in report.confusion or any(label in row for row in report.confusion.values())]
    corner = "expected \\ answered"
    header = f"  {corner:<20}" + "".join(f"{_SHORT[label]:>6}" for label in columns)
    lines = ["Confusion matrix (rows: expected, columns: answered)", header]
    for gold, row in report.confusion.items():
        cells = "".join(f"{row[label] or '.':>6}" for label in columns)
        lines.append(f"  {gold:<20}{cells}")
    return "\n".join(lines)


def _failures_block(report: Report, limit: int) -> str:
    failed = report.failures(limit)
    total = sum(not o.passed for o in report.outcomes)
    lines = [f"Worst failures ({len(failed)} of {total})"]
    for outcome in failed:
        case = outcome.case
        turn = f" turn {outcome.index + 1}" if case.is_dialogue else ""
        lines.append(f"- {case.id}{turn} [{outcome.expected.tag or '-'}] {case.path}:{outcome.expected.line}")
        lines.append(f"    text:     {outcome.expected.text}")
        answered = outcome.intent + (f" (all: {', '.join(outcome.intents)})" if len(outcome.intents) > 1 else "")
        lines.append(f"    intent:   expected {' | '.join(outcome.expected.intents)}; answered {answered} ({outcome.confidence:.2f})")
        if outcome.expected.slots or outcome.slot_misses:
            lines.append(f"    slots:    expected {_slot_text(outcome.expected.slots)}; got {_slot_text(outcome.slots)}")
        for pattern in outcome.failed_must:
            lines.append(f"    must failed:   {pattern}")
        for pattern in outcome.leaked:
            lines.append(f"    must_not hit:  {pattern}")
        preview = outcome.answer[:ANSWER_PREVIEW].replace("\n", " / ")
        lines.append(f"    answer:   {preview}{'...' if len(outcome.answer) > ANSWER_PREVIEW else ''}")
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def _slot_text(slots: dict[str, str]) -> str:
    return ", ".join(f"{slot}={value}" for slot, value in slots.items()) or "-"


# --------------------------------------------------------------------------- command


def run_eval_command(advisor: Advisor, files: list[Path], failures: int, as_json: bool, out: TextIO) -> int:
    """`advisor eval FILE...`: 0 after a report (failures are figures, not errors), 2 for a bad file."""
    try:
        cases = [case for path in files for case in load_cases(path)]
    except DataError as error:
        print(str(error), file=sys.stderr)
        return 2
    report = evaluate(advisor, cases)
    if as_json:
        print(json.dumps(report.to_dict(failures, files), ensure_ascii=False), file=out)
    else:
        out.write(format_report(report, files, failures))
    return 0
