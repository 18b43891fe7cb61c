"""Why a message got its intent: the evidence behind a Reply, for `ask --explain` and `/why`.

Meant for the person who edits `intents/`: after adding a phrasing they can see whether it counted.
"""

from __future__ import annotations

from advisor.core import Reply

_REASONS = {
    "other_career": "declined: the question is about another occupation ({detail})",
    "unsupported": "declined: the profile does not give this detail ({detail})",
    "unrelated": "declined: the message looks unrelated to careers (out-of-scope evidence outweighs every topic)",
    "no_match": "declined: no topic reached the confidence floor",
    "no_words": "declined: the message has no words to match",
    "empty": "the message was empty, so it gets the help",
}


def explain(reply: Reply) -> str:
    """A few plain lines: intent, scores, runner-up, keywords found, closest example, slots."""
    match = reply.match
    lines = [f"intent: {reply.intent} (confidence {reply.confidence:.2f})"]
    if len(reply.intents) > 1:
        lines.append(f"all intents asked: {', '.join(reply.intents)}")
    if match is None:
        return "\n".join(lines + ["answered from a command or button, not matched from text"])
    if match.reason:
        lines.append(_REASONS.get(match.reason, match.reason).format(detail=match.detail))
    if reply.intent != match.intent:
        lines.append(f"read in context: on its own the message matched {match.intent}; the conversation made it {reply.intent}")
    ranked = sorted(match.scores.items(), key=lambda item: item[1], reverse=True)
    if ranked:
        lines.append("scores: " + ", ".join(f"{label} {score:.2f}" for label, score in ranked[:5]))
    runner = match.runner_up
    if runner:
        lines.append(f"runner-up: {runner[0]} ({runner[1]:.2f})")
    for label, phrases in match.evidence.items():
        lines.append(f"keywords for {label}: {', '.join(phrases)}")
    if match.closest_example:
        closest = match.closest_example
        lines.append(f"closest example: \u201c{closest.example}\u201d ({closest.label}, similarity {closest.similarity:.2f})")
    if reply.slots:
        lines.append("slots: " + ", ".join(f"{slot}={value}" for slot, value in reply.slots.items()))
    lines.append(f"normalised: {' '.join(match.tokens)}")
    return "\n".join(lines)
