"""Conversation context: what a follow-up like "and weekly?" or "go on" refers to.

A `Session` is small and made of plain values, so that any adapter can keep it (a dict per
console run, python-telegram-bot's persistence per chat) and one user's context never reaches another's.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from advisor.intents import OUT_OF_SCOPE, SMALL_TALK, TOPIC_SLOTS, TOPICS
from advisor.matcher import PLACE, REGION, Match

_PATH_TOPICS = ("education", "getting_started")
"""Topics whose answer describes a path, so "how long does that take" right after one asks about that path."""
_PLACES = (PLACE, REGION)
"""Details declined for a place, after which "ok, the US then?" asks for the profile's own figures."""
BRIEF_FOLLOW_UP = 4
"""A follow-up with no topic word of its own but a pay period or level ("per month?", "for beginners?") is at most this long."""
REFINEMENT_TOKENS = 11
"""A follow-up with no topic of its own this long that names a slot of the last topic refines it ("what about once I've been in the role for years?")."""
CLEAR_TOPIC = 0.6
"""Read in view, a follow-up pointing at the last answer needs this much confidence in another topic to leave it."""
CONTEXT_TURNS = 3
"""A follow-up may refer back this many turns; after that the context has gone stale."""
_SUPERIOR = "CEO"
"""Whom the profile says directors report to: the person "that person" names after "who's their boss?"."""


@dataclass
class Session:
    """One conversation's memory: the last topic answered and the slots it was answered for."""

    last_intent: str = ""
    last_slots: dict[str, str] = field(default_factory=dict)
    last_reason: str = ""
    last_detail: str = ""
    last_amount: int = 0
    recent_levels: list[str] = field(default_factory=list)
    declined_topic: str = ""
    profile_id: str = ""
    turns_since_topic: int = 0
    turns: int = 0
    superior_named: bool = False
    """The last answer said who the director reports to, so "that person" may be that boss."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> Session:
        """Rebuild a session saved with `to_dict`; anything unknown or of the wrong type is left at its default.

        Saved state outlives code versions and may be damaged, and a bad session must never crash a reply.
        """
        if not isinstance(data, dict):
            return cls()
        fresh = cls()
        kept = {key: value for key, value in data.items() if key in cls.__dataclass_fields__ and _same_shape(value, getattr(fresh, key))}
        return cls(**kept)


def _same_shape(value: Any, default: Any) -> bool:
    if isinstance(default, dict):
        return isinstance(value, dict) and all(isinstance(key, str) and isinstance(item, str) for key, item in value.items())
    if isinstance(default, list):
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    return type(value) is type(default)


@dataclass(eq=False)
class Turn:
    """A match read in context: the intents to answer, with which slots, and how fully."""

    match: Match
    intent: str
    intents: tuple[str, ...]
    slots: dict[str, str]
    expand: bool = False
    followup: bool = False


def _live_topic(session: Session) -> str:
    """The last topic (or decline), while it is recent enough for a follow-up to refer to it."""
    return session.last_intent if session.turns_since_topic < CONTEXT_TURNS else ""


def worth_reading_in_view(turn: Turn, session: Session) -> bool:
    """Whether a message declined for want of evidence should be read again as being about the career.

    Only while the conversation is about this career (not one that was declined), and only for a message
    made of words our phrasings use: "what classes should I sign up for" after a degree question, but
    not "how long is the bank open" after a salary answer.
    """
    match = turn.match
    in_view = _live_topic(session) in TOPICS
    return in_view and turn.intent == OUT_OF_SCOPE and match.reason in ("no_match", "unrelated") and not match.foreign


def resolve(match: Match, session: Session) -> Turn:
    """Read `match` in the light of the session: inherit a topic, merge slots, or expand the last answer."""
    last = _live_topic(session)
    declined_career = last == OUT_OF_SCOPE and session.last_reason == "other_career"
    match = _with_levels_discussed(match, session, last)
    return (_continuation(match, session, last, declined_career)
            or _about_their_superior(match, session, last)
            or (_after_another_career(match, session) if declined_career else None)
            or _back_to_last(match, session, last)
            or _inherited(match, session, last)
            or _as_asked(match, session, last))


def _continuation(match: Match, session: Session, last: str, declined_career: bool) -> Turn | None:
    """"Go on", "based on what?": the last answer in full, or the decline repeated."""
    if not (match.continuation and last):
        return None
    if declined_career:
        return Turn(_repeat_decline(match, session), OUT_OF_SCOPE, (OUT_OF_SCOPE,), {}, followup=True)
    if last == "education" and {"after", "next"} & set(match.tokens):
        return Turn(match, "getting_started", ("getting_started",), {}, followup=True)  # the degree, "and after that?": the next steps
    return Turn(match, last, (last,), dict(session.last_slots), expand=True, followup=True) if last in TOPICS else None


def _about_their_superior(match: Match, session: Session, last: str) -> Turn | None:
    """"Who's their boss?" then "and what does that person make?": the CEO just named, another career, declined without our figures."""
    if not (session.superior_named and last == "overview" and match.points_at_person and match.short and match.intent in TOPICS):
        return None
    declined = replace(match, intent=OUT_OF_SCOPE, intents=(OUT_OF_SCOPE,), slots={}, reason="other_career", detail=_SUPERIOR, asked_topic=match.intent)
    return Turn(declined, OUT_OF_SCOPE, (OUT_OF_SCOPE,), {}, followup=True)


def _after_another_career(match: Match, session: Session) -> Turn | None:
    """After declining another career: back to ours ("ok back to the director. weekly?"), or still about theirs."""
    if match.returns and (match.short or match.intent in TOPICS or match.mentioned):  # "back to the director, what about later in their career"
        topic = match.intent if match.intent in TOPICS else session.declined_topic
        if topic in TOPICS:
            return Turn(match, topic, (topic,), _relevant(topic, match.mentioned), followup=True)
    if _continues_declined(match):
        return Turn(_repeat_decline(match, session), OUT_OF_SCOPE, (OUT_OF_SCOPE,), {}, followup=True)
    if session.declined_topic and match.names_career and match.short and match.intent in (OUT_OF_SCOPE, "overview"):
        return Turn(match, session.declined_topic, (session.declined_topic,), _relevant(session.declined_topic, match.mentioned), followup=True)
    return None


def _back_to_last(match: Match, session: Session, last: str) -> Turn | None:
    """Short follow-ups that a word of their own would otherwise send elsewhere."""
    pointed = match.refers_back or "it" in match.tokens or last == "getting_started"
    if last in _PATH_TOPICS and match.asks_duration and pointed and match.short and match.intent in _PATH_TOPICS + (OUT_OF_SCOPE, "pros_cons"):
        return Turn(match, last, (last,), {}, followup=True)  # "what degree?" then "how long does that take": the degree's length
    if last in TOPICS and match.career and match.refers_back and match.short and match.intent in (OUT_OF_SCOPE, "overview"):
        return Turn(match, last, (last,), dict(session.last_slots), followup=True)  # "and a director of clinical ops?"
    if last in TOPICS and session.last_detail in _PLACES and match.names_own_scope and match.short and match.intent in (OUT_OF_SCOPE, last):
        return Turn(match, last, (last,), dict(session.last_slots), followup=True)  # no figures for Toronto, then "ok, the US then?"
    if last == "salary" and _states_own_pay(match):
        return Turn(match, "salary", ("salary",), dict(session.last_slots), followup=True)  # "median?" then "I'm at 110k, am I close?"
    return None


def _with_levels_discussed(match: Match, session: Session, last: str) -> Match:
    """"So what's the jump between the two": the pay levels just discussed fill in those the gap question leaves out."""
    if not (match.gap and last == "salary" and len(match.levels) < 2):
        return match
    earlier = tuple(level for level in reversed(session.recent_levels) if level not in match.levels)
    return replace(match, levels=match.levels + earlier[:2 - len(match.levels)])


def _inherited(match: Match, session: Session, last: str) -> Turn | None:
    """A short follow-up with no topic of its own continues the last one, its slots merged in."""
    inherited = _inherited_topic(match, last)
    if not inherited:
        return None
    slots = {**session.last_slots, **_relevant(inherited, match.mentioned)} if inherited == last else _relevant(inherited, match.mentioned)
    if inherited == "salary" and "level" in match.mentioned and "period" not in match.mentioned:
        slots.pop("period", None)
    if inherited == "salary" and session.last_amount and not match.amount:
        match = replace(match, amount=session.last_amount)  # "I make 70k ..." then "and against the starting pay?"
    return Turn(match, inherited, (inherited,), slots, followup=True)


def _as_asked(match: Match, session: Session, last: str) -> Turn:
    """The message's own topics, with a stated pay and its level carried over from the last pay answer."""
    slots = dict(match.slots)
    cited = match.cites and match.intent in TOPICS  # "how current is the pay data you're quoting?": the answer with its source
    if match.intent == "salary" and last == "salary" and session.last_amount and not match.amount and match.refers_back and match.short:
        match = replace(match, amount=session.last_amount)  # "I'm on $150k, how does that compare?" then "and against late-career pay?"
    if match.amount and last == "salary" and match.refers_back and "level" in session.last_slots and "level" not in match.mentioned:
        slots["level"] = session.last_slots["level"]  # "starting pay?" then "I'm on 80k, how much would I gain at that level"
    return Turn(match, match.intent, match.intents, slots, expand=cited)


def read_in_view(turn: Turn, reread: Turn, session: Session) -> Turn:
    """The message read again as about the career, unless it points into the last answer and finds no clear topic of its own.

    "Is that good?" after the outlook asks about that outlook; read in view, "good" alone would lean to skills.
    """
    pointed = into_last_answer(turn, session)
    weak = len(turn.match.tokens) <= BRIEF_FOLLOW_UP and reread.intent != _live_topic(session) and reread.match.confidence < CLEAR_TOPIC
    return pointed if pointed is not turn and weak else reread


def into_last_answer(turn: Turn, session: Session) -> Turn:
    """"Do any of them have MDs", "and the most common one?": a short question, declined on its own, about the last answer.

    The last answer is given again in full, which names what "them" and "the other ones" point at.
    """
    match, last = turn.match, _live_topic(session)
    unrelated = match.scores.get(OUT_OF_SCOPE, 0.0) >= 0.3
    pointing = match.points_back and match.asks and match.short and not (match.foreign or unrelated)
    if last in TOPICS and turn.intent == OUT_OF_SCOPE and match.reason in ("no_match", "unrelated") and pointing:
        return Turn(match, last, (last,), dict(session.last_slots), expand=True, followup=True)
    return turn


def _states_own_pay(match: Match) -> bool:
    """"I'm at 110k now, am I close?": a message giving the asker's own figure, declined on its own."""
    first_person = {"i", "im", "my", "me"} & set(match.tokens)
    return bool(match.amount and first_person and match.intent == OUT_OF_SCOPE and match.reason in ("no_match", "unrelated"))


def _continues_declined(match: Match) -> bool:
    """After declining another career, "and per hour?" or "what about their outlook" still asks about that career."""
    if match.names_career or not match.short or match.intent in SMALL_TALK or match.reason == "other_career":
        return False  # "great, thank you" thanks; its "great" is not the upside of that other job; "what do nurses make?" names its own
    return match.slot_only or match.intent == OUT_OF_SCOPE or match.refers_back


def _inherited_topic(match: Match, last: str) -> str:
    """The earlier topic a short, topic-less follow-up continues (or, with no context, the topic its slot belongs to)."""
    # "And after many years of experience?" after a pay answer: a level of the last topic, whatever other word it uses.
    pointed = match.refers_back or "it" in match.tokens  # "and after many years?", "what's it for a year then"
    in_reach = len(match.tokens) <= BRIEF_FOLLOW_UP + 3 or (len(match.tokens) <= REFINEMENT_TOKENS and match.intent == OUT_OF_SCOPE)
    refines_last = pointed and in_reach and any(slot in match.mentioned for slot in TOPIC_SLOTS.get(last, ()))
    if match.foreign or match.names_a_detail or not (match.slot_only or (match.short and match.intent == OUT_OF_SCOPE) or refines_last):
        return ""  # "is that before or after taxes?" is read again with the career in view, where taxes are a detail we lack
    if last not in TOPICS:
        owners = [topic for topic, slots in TOPIC_SLOTS.items() if any(slot in match.mentioned for slot in slots)]
        evidence = len(owners) == 1 and match.scores.get(owners[0], 0.0) > 0
        return owners[0] if evidence and len(match.tokens) <= 2 and match.reason == "no_match" else ""
    if match.intent not in (OUT_OF_SCOPE, last) and match.confidence >= 0.6 and (not refines_last or match.intent in SMALL_TALK):
        return ""  # "and starting out?" after a pay answer still asks about pay
    if match.reason in ("other_career", "unsupported") or match.scores.get(OUT_OF_SCOPE, 0.0) >= max(match.scores.get(last, 0.0), 0.3):
        return ""
    if match.scores.get(last, 0.0) > 0 or (last == "salary" and match.gap):
        return last
    # A slot word alone carries on only in a brief follow-up: "and with benefits?", not "I want a new insurance plan".
    brief = match.refers_back or len(match.tokens) <= BRIEF_FOLLOW_UP
    return last if refines_last or (brief and any(slot in match.mentioned for slot in TOPIC_SLOTS.get(last, ()))) else ""


def _levels_asked(turn: Turn, earlier: list[str]) -> list[str]:
    """The last two pay levels talked about, oldest first, for "what's the gap between the two"."""
    asked = list(turn.match.levels) or [turn.slots.get("level", "median")]
    kept = [level for level in earlier if level not in asked] + asked
    return kept[-2:]


def _relevant(intent: str, mentioned: dict[str, str]) -> dict[str, str]:
    return {slot: value for slot, value in mentioned.items() if slot in TOPIC_SLOTS.get(intent, ())}


def _repeat_decline(match: Match, session: Session) -> Match:
    return replace(match, intent=OUT_OF_SCOPE, intents=(OUT_OF_SCOPE,), reason="other_career", detail=session.last_detail, slots={})


def remember(session: Session, turn: Turn) -> None:
    """Update the session after answering `turn`."""
    session.turns += 1
    partly_answered = turn.match.unsupported.topic if turn.match.unsupported else ""
    if turn.intent in TOPICS or partly_answered or (turn.intent == OUT_OF_SCOPE and turn.match.reason == "other_career"):
        session.last_intent = partly_answered or turn.intent
        session.last_slots = dict(turn.slots)
        session.last_reason = turn.match.reason
        session.last_detail = turn.match.detail
        session.last_amount = (turn.match.amount or 0) if turn.intent == "salary" else 0
        session.recent_levels = _levels_asked(turn, session.recent_levels) if turn.intent == "salary" else []
        session.declined_topic = turn.match.asked_topic if turn.intent == OUT_OF_SCOPE else ""
        session.turns_since_topic = 0
        session.superior_named = turn.intent == "overview" and turn.match.asks_who_is_above
    else:
        session.turns_since_topic += 1
