"""The details a message asks for: a pay period and level, or the side of the pros and cons."""

from __future__ import annotations

from collections import defaultdict

from advisor.grammar import Hit
from advisor.intents import BASE_LEVEL, TOPIC_SLOTS, TOPICS


def find_slots(hits: list[Hit], tokens: list[str]) -> tuple[dict[str, dict[str, int]], tuple[str, ...]]:
    """Slot values mentioned, each with its position; the longest phrase wins where phrases overlap."""
    found: dict[str, dict[str, int]] = defaultdict(dict)
    slot_hits = sorted((hit for hit in hits if hit.kind == "slot"), key=lambda hit: (hit.start, hit.start - hit.end))
    taken: dict[str, set[int]] = defaultdict(set)  # per slot: "hours" is both a pay period and a downside
    pay_periods = {index for hit in slot_hits if hit.target.startswith("period=") and hit.end - hit.start > 1 for index in range(hit.start, hit.end)}
    for hit in slot_hits:
        slot, value = hit.target.split("=")
        if any(index in taken[slot] for index in range(hit.start, hit.end)):
            continue
        if slot == "level" and hit.start in pay_periods:
            continue  # "140k a year in pharma": the year of "a year", not "20 years in"
        if slot == "period" and hit.start > 0 and tokens[hit.start - 1].isdigit():
            continue
        taken[slot].update(range(hit.start, hit.end))
        found[slot].setdefault(value, hit.start)
    levels = tuple(sorted(found.get("level", {}), key=found["level"].get)) if "level" in found else ()
    return dict(found), levels


def choose(slot: str, values: dict[str, int]) -> str:
    if slot == "side" and ("both" in values or {"pros", "cons"} <= set(values)):
        return "both"
    if slot == "level" and len(values) > 1 and values.keys() & {"median", BASE_LEVEL}:
        values = {value: position for value, position in values.items() if value not in ("median", BASE_LEVEL)} or {"median": 0}
    if slot == "level" and BASE_LEVEL in values:
        return "median"
    if slot == "period" and len(values) > 1 and "annual" in values:
        values = {value: position for value, position in values.items() if value != "annual"}
    return min(values, key=values.get)


def slots_for(intent: str, found: dict[str, dict[str, int]]) -> dict[str, str]:
    relevant = TOPIC_SLOTS.get(intent, ())
    return {slot: choose(slot, found[slot]) for slot in relevant if slot in found}


def slots_for_intents(intents: tuple[str, ...], found: dict[str, dict[str, int]]) -> dict[str, str]:
    slots: dict[str, str] = {}
    for intent in intents:
        slots.update(slots_for(intent, found))
    return slots


def slot_only(hits: list[Hit], tokens: list[str]) -> bool:
    """True for short messages like "and weekly?" that carry a slot and no topic of their own."""
    slot_words = {index for hit in hits if hit.kind == "slot" for index in range(hit.start, hit.end)}
    strong_topic = any(hit.kind == "keyword" and hit.weight >= 2.5 and hit.target in TOPICS and not slot_words >= set(range(hit.start, hit.end)) for hit in hits)
    return len(tokens) <= 8 and any(hit.kind == "slot" for hit in hits) and not strong_topic
