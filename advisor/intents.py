"""The intent definitions in `intents/`: topics, their keywords and phrasings, slots and language.

One file per intent (`salary.yaml`, ...) plus three shared files: `slots.yaml` (slot vocabularies),
`language.yaml` (slang, words that point at the career, follow-up phrasings) and `out_of_scope.yaml`
(other occupations, details the profile does not give, and what unrelated requests look like).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from advisor.datafile import DataError, Node, build, data_files, read_yaml, required_list
from advisor.text import clean, raw_tokens, stem

TOPICS = ("overview", "salary", "responsibilities", "skills", "education", "pros_cons", "getting_started", "outlook")
SMALL_TALK = ("greeting", "help", "thanks", "goodbye")
OUT_OF_SCOPE = "out_of_scope"
LABELS = TOPICS + SMALL_TALK + (OUT_OF_SCOPE,)
SLOT_VALUES = {
    "period": ("annual", "hourly", "weekly", "monthly"),
    "level": ("median", "starting", "senior", "total", "base"),
    "side": ("pros", "cons", "both"),
}
BASE_LEVEL = "base"
"""Base pay as opposed to total pay: the median on its own, a qualifier beside a named level ("a starting director's base")."""
TOPIC_SLOTS = {"salary": ("period", "level"), "pros_cons": ("side",)}
"""Which slots refine which topic's answer."""
_SHARED_FILES = {"slots.yaml", "language.yaml", "out_of_scope.yaml"}


@dataclass(eq=False)
class IntentSpec:
    intent: str
    title: str
    question: str
    keywords: dict[str, float] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)


@dataclass(eq=False)
class Unsupported:
    """A detail people ask about that the profile does not give, and what to say instead."""

    name: str
    topic: str
    says: str
    words: list[str] = required_list()
    answered_by: list[str] = field(default_factory=list)
    """Topics whose answer covers the detail when it is asked in their terms ("is the cost of the degree a downside?")."""


@dataclass(eq=False)
class OutOfScope:
    occupations: list[str] = required_list()
    occupation_heads: list[str] = field(default_factory=list)
    stepping_stones: list[str] = field(default_factory=list)
    unsupported: list[Unsupported] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    keywords: dict[str, float] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)


@dataclass(eq=False)
class Grammar:
    """Word lists that tell the matcher how a sentence is built; see the comments in language.yaml."""

    question_words: list[str] = field(default_factory=list)
    asking_phrases: list[str] = field(default_factory=list)
    openers: list[str] = field(default_factory=list)
    function_words: list[str] = field(default_factory=list)
    asked_as: list[str] = field(default_factory=list)
    fillers: list[str] = field(default_factory=list)
    field_prepositions: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    job_nouns: list[str] = field(default_factory=list)
    asked_for: list[str] = field(default_factory=list)
    own_background: list[str] = field(default_factory=list)
    place_prepositions: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    determiners: list[str] = field(default_factory=list)
    works_with: list[str] = field(default_factory=list)
    company: list[str] = field(default_factory=list)
    being_words: list[str] = field(default_factory=list)
    own_title_words: list[str] = field(default_factory=list)
    comparisons: list[str] = field(default_factory=list)
    possessives: list[str] = field(default_factory=list)
    asks_about_oneself: list[str] = field(default_factory=list)
    hypotheticals: list[str] = field(default_factory=list)
    errand_verbs: list[str] = field(default_factory=list)
    errand_objects: list[str] = field(default_factory=list)
    request_openings: list[str] = field(default_factory=list)
    command_objects: list[str] = field(default_factory=list)
    refers_back: list[str] = field(default_factory=list)
    returns: list[str] = field(default_factory=list)
    pointers: list[str] = field(default_factory=list)
    superiors: list[str] = field(default_factory=list)
    person_pointers: list[str] = field(default_factory=list)
    back_pointers: list[str] = field(default_factory=list)
    arrivals: list[str] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    frames: list[str] = field(default_factory=list)
    not_the_job_after: list[str] = field(default_factory=list)
    own_scope: list[str] = field(default_factory=list)
    what_is_it: list[str] = field(default_factory=list)
    paid_to: list[str] = field(default_factory=list)
    contrasts: list[str] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)
    dictations: list[str] = field(default_factory=list)
    durations: list[str] = field(default_factory=list)
    asks_for_source: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    likenings: list[str] = field(default_factory=list)
    confirmations: list[str] = field(default_factory=list)


@dataclass(eq=False)
class Language:
    grammar: Grammar = field(default_factory=Grammar)
    slang: dict[str, str] = field(default_factory=dict)
    anchors: list[str] = field(default_factory=list)
    expand: list[str] = field(default_factory=list)
    gap: list[str] = field(default_factory=list)
    self_description: list[str] = field(default_factory=list)


@dataclass(eq=False)
class IntentSet:
    """Everything the matcher is built from."""

    intents: dict[str, IntentSpec]
    slots: dict[str, dict[str, list[str]]]
    language: Language
    out_of_scope: OutOfScope


def load_intents(directory: Path) -> IntentSet:
    """Load and cross-check every file in `directory`."""
    if not directory.is_dir():
        raise DataError(directory, None, "", "intents folder not found; point --intents at the right folder")
    intents: dict[str, IntentSpec] = {}
    for path in data_files(directory):
        if path.name in _SHARED_FILES:
            continue
        node = read_yaml(path)
        spec = build(IntentSpec, node, path)
        if spec.intent not in LABELS or spec.intent == OUT_OF_SCOPE:
            raise DataError(path, node.line, "intent", f"unknown intent {spec.intent!r} (known: {', '.join(LABELS[:-1])})")
        if spec.intent in intents:
            raise DataError(path, node.line, "intent", f"{spec.intent!r} is defined twice")
        _check_weights(path, node, spec.keywords)
        intents[spec.intent] = spec
    missing = [label for label in TOPICS + SMALL_TALK if label not in intents]
    if missing:
        raise DataError(directory, None, "", f"no definition for intent(s) {', '.join(missing)}; add {missing[0]}.yaml")
    slots_path = directory / "slots.yaml"
    slots_node = _required(slots_path)
    slots = build(dict[str, dict[str, list[str]]], slots_node, slots_path)
    _check_slots(slots_path, slots_node, slots)
    language_path = directory / "language.yaml"
    language = build(Language, _required(language_path), language_path)
    scope_path = directory / "out_of_scope.yaml"
    scope_node = _required(scope_path)
    out_of_scope = build(OutOfScope, scope_node, scope_path)
    for index, item in enumerate(out_of_scope.unsupported):
        for name, topic in [("topic", item.topic)] + [(f"answered_by[{at}]", topic) for at, topic in enumerate(item.answered_by)]:
            if topic not in TOPICS:
                line = scope_node.value["unsupported"].value[index].line
                raise DataError(scope_path, line, f"unsupported[{index}].{name}", f"unknown topic {topic!r} (known: {', '.join(TOPICS)})")
    return IntentSet(intents, slots, language, out_of_scope)


def _required(path: Path) -> Node:
    if not path.exists():
        raise DataError(path, None, "", "this file is required; restore it from the repository")
    return read_yaml(path)


def _check_weights(path: Path, node: Node, keywords: dict[str, float]) -> None:
    """Weights in range, and no two phrases that read the same once plurals and endings are folded."""
    seen: dict[tuple[str, ...], str] = {}
    for phrase, weight in keywords.items():
        line = node.value["keywords"].value[phrase].line
        if not 0 < weight <= 5:
            raise DataError(path, line, f"keywords.{phrase}", f"weight must be between 0 and 5, found {weight}")
        folded = tuple(stem(token) for token in raw_tokens(clean(phrase)))
        if folded in seen:
            raise DataError(path, line, f"keywords.{phrase}", f"reads the same as {seen[folded]!r} (plurals and -ing/-ed are matched anyway); keep one")
        seen[folded] = phrase


def _check_slots(path: Path, node: Node, slots: dict[str, dict[str, list[str]]]) -> None:
    for slot, values in slots.items():
        if slot not in SLOT_VALUES:
            raise DataError(path, node.value[slot].line, slot, f"unknown slot (known: {', '.join(SLOT_VALUES)})")
        for value in values:
            if value not in SLOT_VALUES[slot]:
                line = node.value[slot].value[value].line
                raise DataError(path, line, f"{slot}.{value}", f"unknown value (known: {', '.join(SLOT_VALUES[slot])})")
