"""Loading and validating knowledge/ and intents/: every mistake is one DataError naming file, line and field.

Each case copies the bundled data to a temporary folder, breaks it in one specific way, and checks both
the `DataError` raised by `Advisor.load` and what `advisor check --knowledge DIR --intents DIR` prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

import pytest
import yaml

from advisor.core import Advisor
from advisor.datafile import DataError
from advisor.dialogue import Session

PROFILE_TITLE = "Director of Clinical Operations"


@dataclass(frozen=True)
class Expected:
    """Where the error must point and what it must say."""

    path: Path
    line: int | None
    field: str
    message: str
    lines: tuple[int, ...] = ()
    """Other acceptable line numbers, where either of two lines is a fair place to point."""


def _set_keyword_weight(data, weight: str) -> Expected:
    """Give the first keyword of salary.yaml another weight (whichever keyword comes first while intents/ is tuned)."""
    path = data.intents / "salary.yaml"
    keyword = next(iter(yaml.safe_load(path.read_text(encoding="utf-8"))["keywords"]))
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"^(  {re.escape(keyword)}:) .*$", re.MULTILINE)
    found = pattern.search(text)
    assert found, f"keyword {keyword!r} not found in salary.yaml"
    path.write_text(text[:found.start()] + f"{found.group(1)} {weight}" + text[found.end():], encoding="utf-8")
    line = text[:found.start()].count("\n") + 1
    return Expected(path, line, f"keywords.{keyword}", "weight must be between 0 and 5")


def missing_required_field(data) -> Expected:
    data.edit(data.profile, "  median_annual: 123558\n", "")
    salary = data.line_of(data.profile, "salary:")
    # The error may point at the `salary:` key or at the first line of its block.
    return Expected(data.profile, salary + 1, "salary.median_annual", "this required field is missing", lines=(salary,))


def wrong_type(data) -> Expected:
    data.edit(data.profile, "median_annual: 123558", 'median_annual: "lots"')
    return Expected(data.profile, data.line_of(data.profile, "median_annual:"), "salary.median_annual", "expected a whole number, found text 'lots'")


def negative_salary(data) -> Expected:
    data.edit(data.profile, "median_annual: 123558", "median_annual: -5")
    return Expected(data.profile, data.line_of(data.profile, "median_annual:"), "salary.median_annual", "must be at least 0, found -5")


def unknown_key(data) -> Expected:
    data.edit(data.profile, "  median_annual: 123558\n", "  median_annual: 123558\n  bonus_pct: 5\n")
    return Expected(data.profile, data.line_of(data.profile, "bonus_pct:"), "salary.bonus_pct", "unknown field")


def broken_yaml_syntax(data) -> Expected:
    data.edit(data.profile, "  currency: USD\n", "  currency: USD: dollars\n")
    return Expected(data.profile, data.line_of(data.profile, "currency: USD: dollars"), "", "broken YAML")


def empty_file(data) -> Expected:
    data.profile.write_text("", encoding="utf-8")
    return Expected(data.profile, 1, "", "the file is empty")


def comments_only_file(data) -> Expected:
    data.profile.write_text("# nothing here yet\n", encoding="utf-8")
    return Expected(data.profile, 1, "", "the file is empty")


def duplicate_key(data) -> Expected:
    data.edit(data.profile, "  reports_to: the CEO\n", "  reports_to: the CEO\n  reports_to: the board\n")
    return Expected(data.profile, data.line_of(data.profile, "reports_to:", occurrence=2), "reports_to", "this key appears twice")


def duplicate_top_level_key(data) -> Expected:
    data.edit(data.profile, "title: Director of Clinical Operations\n", "title: Director of Clinical Operations\ntitle: Another title\n")
    return Expected(data.profile, data.line_of(data.profile, "title: Another title"), "title", "this key appears twice")


def unknown_intent_label(data) -> Expected:
    path = data.intents / "salary.yaml"
    data.edit(path, "intent: salary\n", "intent: wages\n")
    return Expected(path, data.line_of(path, "intent: wages"), "intent", "unknown intent 'wages'")


def bad_slot_value(data) -> Expected:
    path = data.intents / "slots.yaml"
    data.edit(path, "  monthly:", "  fortnightly:")
    return Expected(path, data.line_of(path, "fortnightly:"), "period.fortnightly", "unknown value (known: annual, hourly, weekly, monthly)")


def unknown_slot(data) -> Expected:
    path = data.intents / "slots.yaml"
    data.edit(path, "\nperiod:", "\nfrequency:")
    key = data.line_of(path, "frequency:")
    # The key's line, or the first line of its block (where the value starts), are both fair.
    return Expected(path, key, "frequency", "unknown slot", lines=(key + 1,))


def keyword_weight_too_high(data) -> Expected:
    return _set_keyword_weight(data, "7")


def keyword_weight_zero(data) -> Expected:
    return _set_keyword_weight(data, "0")


def keyword_weight_negative(data) -> Expected:
    return _set_keyword_weight(data, "-1")


def keyword_weight_not_a_number(data) -> Expected:
    expected = _set_keyword_weight(data, "lots")
    return Expected(expected.path, expected.line, expected.field, "expected a number, found text 'lots'")


def non_utf8_knowledge(data) -> Expected:
    data.profile.write_bytes(data.profile.read_bytes() + b"# caf\xe9\n")
    return Expected(data.profile, None, "", "not UTF-8")


def non_utf8_intents(data) -> Expected:
    path = data.intents / "skills.yaml"
    path.write_bytes(path.read_bytes() + b"# na\xefve\n")
    return Expected(path, None, "", "not UTF-8")


def empty_knowledge_dir(data) -> Expected:
    data.profile.unlink()
    return Expected(data.knowledge, None, "", "no career files")


def two_profiles_same_id(data) -> Expected:
    copy = data.knowledge / "zz-copy.yaml"
    copy.write_bytes(data.profile.read_bytes())
    return Expected(copy, None, "id", "'director-of-clinical-operations' is already used by")


def starting_above_senior(data) -> Expected:
    data.edit(data.profile, "starting: 88408", "starting: 188408")
    return Expected(data.profile, None, "salary.starting", "is higher than salary.senior")


def missing_intent_file(data) -> Expected:
    (data.intents / "skills.yaml").unlink()
    return Expected(data.intents, None, "", "no definition for intent(s) skills")


def missing_slots_file(data) -> Expected:
    (data.intents / "slots.yaml").unlink()
    return Expected(data.intents / "slots.yaml", None, "", "this file is required")


def unsupported_detail_with_unknown_topic(data) -> Expected:
    path = data.intents / "out_of_scope.yaml"
    data.edit(path, "    topic: education\n", "    topic: tuition\n")
    names = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("  - name:")]
    position = next(number for number, item in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))["unsupported"]) if item["topic"] == "tuition")
    return Expected(path, data.line_of(path, names[position]), f"unsupported[{position}].topic", "unknown topic 'tuition'")


CASES: list[Callable] = [
    missing_required_field, wrong_type, negative_salary, unknown_key, broken_yaml_syntax, empty_file, comments_only_file,
    duplicate_key, duplicate_top_level_key, unknown_intent_label, bad_slot_value, unknown_slot, keyword_weight_too_high,
    keyword_weight_zero, keyword_weight_negative, keyword_weight_not_a_number, non_utf8_knowledge, non_utf8_intents,
    empty_knowledge_dir, two_profiles_same_id, starting_above_senior, missing_intent_file, missing_slots_file,
    unsupported_detail_with_unknown_topic,
]


def _where(expected: Expected, line: int | None) -> str:
    return f"{expected.path}:{line}" if line else str(expected.path)


def test_the_unbroken_copy_loads(data_copy) -> None:
    advisor = Advisor.load(data_copy.knowledge, data_copy.intents)
    assert advisor.careers == [PROFILE_TITLE]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.__name__)
def test_loader_raises_data_error_naming_file_line_and_field(case, data_copy) -> None:
    expected = case(data_copy)
    with pytest.raises(DataError) as raised:
        Advisor.load(data_copy.knowledge, data_copy.intents)
    error = raised.value
    assert Path(error.path) == expected.path
    assert error.line in (expected.line, *expected.lines)
    assert error.field == expected.field
    assert expected.message in error.message
    label = f" {expected.field}:" if expected.field else ""
    assert str(error).startswith(f"{_where(expected, error.line)}:{label} ")
    assert "\n" not in str(error)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.__name__)
def test_check_exits_2_with_one_line_naming_file_line_and_field(case, data_copy, run_cli) -> None:
    expected = case(data_copy)
    result = run_cli("check", "--knowledge", str(data_copy.knowledge), "--intents", str(data_copy.intents))
    assert "Traceback" not in result.stderr
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    label = f" {expected.field}:" if expected.field else ""
    acceptable = [f"advisor: {_where(expected, line)}:{label} " for line in (expected.line, *expected.lines)]
    assert any(result.stderr.startswith(prefix) for prefix in acceptable), (acceptable, result.stderr)
    assert expected.message in result.stderr


def test_unclosed_quote_points_at_the_line_where_it_opens(data_copy) -> None:
    data_copy.edit(data_copy.profile, "  reports_to: the CEO\n", '  reports_to: "the CEO\n')
    with pytest.raises(DataError) as raised:
        Advisor.load(data_copy.knowledge, data_copy.intents)
    assert "broken YAML" in raised.value.message
    assert raised.value.line == data_copy.line_of(data_copy.profile, 'reports_to: "the CEO')


def test_unclosed_quote_still_exits_2_with_one_line(data_copy, run_cli) -> None:
    data_copy.edit(data_copy.profile, "  reports_to: the CEO\n", '  reports_to: "the CEO\n')
    result = run_cli("check", "--knowledge", str(data_copy.knowledge), "--intents", str(data_copy.intents))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"advisor: {data_copy.profile}:")
    assert "broken YAML" in result.stderr and result.stderr.count("\n") == 1


def test_intents_folder_that_does_not_exist(data_copy) -> None:
    with pytest.raises(DataError) as raised:
        Advisor.load(data_copy.knowledge, data_copy.root / "nowhere")
    assert raised.value.path == str(data_copy.root / "nowhere")
    assert "intents folder not found" in raised.value.message


def _add_second_career(data_copy, title: str = "Health Informatics Manager") -> Path:
    profile = yaml.safe_load(data_copy.profile.read_text(encoding="utf-8"))
    profile.update(id="health-informatics-manager", title=title, aliases=[title.lower()])
    path = data_copy.knowledge / "health-informatics-manager.yaml"
    path.write_text(yaml.safe_dump(profile, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_a_second_valid_career_file_is_loaded(data_copy) -> None:
    _add_second_career(data_copy)
    advisor = Advisor.load(data_copy.knowledge, data_copy.intents)
    assert advisor.careers == [PROFILE_TITLE, "Health Informatics Manager"]


def test_check_reports_two_careers(data_copy, run_cli) -> None:
    _add_second_career(data_copy)
    result = run_cli("check", "--knowledge", str(data_copy.knowledge), "--intents", str(data_copy.intents))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith(f"ok: 2 career(s) ({PROFILE_TITLE}, Health Informatics Manager);")


def test_decline_lists_every_career(data_copy) -> None:
    _add_second_career(data_copy)
    advisor = Advisor.load(data_copy.knowledge, data_copy.intents)
    reply = advisor.reply("what does a nurse practitioner earn")
    assert reply.intent == "out_of_scope"
    assert f"I only cover: {PROFILE_TITLE} and Health Informatics Manager." in reply.text


def folder_named_like_a_data_file(data) -> Expected:
    folder = data.intents / "old.yaml"
    folder.mkdir()
    return Expected(folder, None, "", "cannot read the file")


UNREADABLE = [folder_named_like_a_data_file]


def test_editor_lock_files_are_not_data(data_copy) -> None:
    """Emacs marks a file being edited with a dangling symlink `.#NAME`; hidden files are skipped, so editing doesn't break the bot."""
    (data_copy.knowledge / f".#{data_copy.profile.name}").symlink_to("user@host.1234:1700000000")
    advisor = Advisor.load(data_copy.knowledge, data_copy.intents)
    assert advisor.careers == ["Director of Clinical Operations"]


@pytest.mark.parametrize("case", UNREADABLE, ids=lambda case: case.__name__)
def test_unreadable_data_file_is_a_data_error(case, data_copy) -> None:
    expected = case(data_copy)
    with pytest.raises(DataError) as raised:
        Advisor.load(data_copy.knowledge, data_copy.intents)
    assert Path(raised.value.path) == expected.path
    assert expected.message in raised.value.message


@pytest.mark.parametrize("case", UNREADABLE, ids=lambda case: case.__name__)
def test_unreadable_data_file_exits_2_without_traceback(case, data_copy, run_cli) -> None:
    expected = case(data_copy)
    result = run_cli("check", "--knowledge", str(data_copy.knowledge), "--intents", str(data_copy.intents))
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    assert result.stderr == f"advisor: {expected.path}: {result.stderr.split(': ', 2)[2]}"
    assert expected.message in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize("case", UNREADABLE, ids=lambda case: case.__name__)
def test_unreadable_data_file_without_the_cache(case, data_copy, run_cli, monkeypatch) -> None:
    """With the cache off, the loader itself already turns the OSError into one line."""
    monkeypatch.setenv("ADVISOR_NO_CACHE", "1")
    expected = case(data_copy)
    with pytest.raises(DataError) as raised:
        Advisor.load(data_copy.knowledge, data_copy.intents)
    assert Path(raised.value.path) == expected.path
    result = run_cli("check", "--knowledge", str(data_copy.knowledge), "--intents", str(data_copy.intents))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"advisor: {expected.path}: cannot read the file")


def test_a_question_naming_a_second_career_is_answered_from_its_file(data_copy) -> None:
    path = _add_second_career(data_copy)
    profile = yaml.safe_load(path.read_text(encoding="utf-8"))
    profile["salary"].update(median_annual=99000, median_hourly=48)
    path.write_text(yaml.safe_dump(profile, sort_keys=False, allow_unicode=True), encoding="utf-8")
    advisor = Advisor.load(data_copy.knowledge, data_copy.intents)
    session = Session()
    first = advisor.reply("what does a health informatics manager earn?", session)
    assert first.intent == "salary"
    assert "$99,000" in first.text and "Health Informatics Manager" in first.text
    assert "$48 an hour" in advisor.reply("and per hour?", session).text
    back = advisor.reply("and a director of clinical operations?", session)
    assert "$123,558" in back.text and "$99,000" not in back.text
