"""The advisor's public API: load the data once, then turn a message and a session into a Reply.

Everything here is pure: no printing, no network, no Telegram. Adapters (console, CLI, Telegram)
only convert text into `Advisor.reply` calls and `Reply` objects into messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from advisor.answers import Composer, money, source_line
from advisor.cache import cached
from advisor.dialogue import Session, Turn, into_last_answer, read_in_view, remember, resolve, worth_reading_in_view
from advisor.intents import OUT_OF_SCOPE, SMALL_TALK, TOPICS, IntentSet, load_intents
from advisor.knowledge import Profile, load_profiles
from advisor.matcher import CLOSE_MARGIN, Match, Matcher

PACKAGE_DATA = Path(__file__).resolve().parent / "data"


def default_data_dir(name: str) -> Path:
    """`knowledge/` or `intents/`: in a checkout `advisor/data/NAME` links to the top-level folder; a wheel holds a copy."""
    return (PACKAGE_DATA / name).resolve()


@dataclass(eq=False)
class Reply:
    """What every adapter renders: the answer and how it was understood."""

    text: str
    intent: str
    intents: tuple[str, ...]
    confidence: float
    slots: dict[str, str]
    suggestions: tuple[str, ...] = ()
    source: str = ""
    match: Match | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "intent": self.intent,
            "intents": list(self.intents),
            "confidence": self.confidence,
            "slots": self.slots,
            "suggestions": list(self.suggestions),
            "source": self.source,
        }


class Advisor:
    """A loaded knowledge base and matcher. Build it once; `reply` is cheap and thread-safe per session."""

    def __init__(self, profiles: list[Profile], intents: IntentSet) -> None:
        self.profiles = profiles
        self.intents = intents
        self.matcher = Matcher(intents, {profile.id: profile.aliases + [profile.title] for profile in profiles})
        self.composer = Composer(intents, profiles)

    @classmethod
    def load(cls, knowledge_dir: Path | None = None, intents_dir: Path | None = None) -> Advisor:
        """Load and validate the data; raises `DataError` naming file, line and field."""
        knowledge = knowledge_dir or default_data_dir("knowledge")
        intents = intents_dir or default_data_dir("intents")
        return cached([knowledge, intents], lambda: cls(load_profiles(knowledge), load_intents(intents)))

    @property
    def careers(self) -> list[str]:
        return [profile.title for profile in self.profiles]

    def topics(self) -> list[tuple[str, str, str]]:
        """(intent, title, example question) for every topic, in the order the help lists them."""
        return [(label, self.intents.intents[label].title, self.intents.intents[label].question) for label in TOPICS]

    def reply(self, text: str, session: Session | None = None) -> Reply:
        """Answer one message; `session` (updated in place) carries context between messages."""
        session = session if session is not None else Session()
        match = self.matcher.match(text)
        if match.career:
            session.profile_id = match.career
        turn = resolve(match, session)
        if worth_reading_in_view(turn, session):
            turn = read_in_view(turn, resolve(self.matcher.match(text, career_in_view=True), session), session)
        turn = into_last_answer(turn, session)
        reply = self._compose(turn, self._profile(session))
        remember(session, turn)
        return reply

    def topic_reply(self, intent: str, session: Session | None = None, slots: dict[str, str] | None = None) -> Reply:
        """Answer a topic directly (a command or button), as if the user had asked about it."""
        if intent not in TOPICS:
            raise ValueError(f"unknown topic {intent!r}")
        session = session if session is not None else Session()
        match = Match(intent, 1.0, (intent,), dict(slots or {}))
        turn = Turn(match, intent, (intent,), dict(slots or {}))
        reply = self._compose(turn, self._profile(session))
        remember(session, turn)
        return reply

    def _profile(self, session: Session) -> Profile:
        for profile in self.profiles:
            if profile.id == session.profile_id:
                return profile
        return self.profiles[0]

    def _compose(self, turn: Turn, profile: Profile) -> Reply:
        match = turn.match
        if turn.intent == OUT_OF_SCOPE:
            text = self._decline(match, profile)
            source = source_line(profile) if match.reason == "unsupported" else ""
            suggestions = self.composer.suggestions(profile, (), {}, first=_guess(match))
            return Reply(text, OUT_OF_SCOPE, (OUT_OF_SCOPE,), match.confidence, dict(turn.slots), suggestions, source, match)
        if turn.intent in SMALL_TALK:
            return Reply(self._small_talk(turn.intent, profile), turn.intent, (turn.intent,), match.confidence, {}, self.composer.suggestions(profile, (), {}), "", match)
        parts = [self.composer.topic(profile, intent, turn.slots, match, turn.expand) for intent in turn.intents if intent in TOPICS]
        text = "".join(_ACKNOWLEDGEMENTS[label] for label in turn.intents if label in _ACKNOWLEDGEMENTS) + "\n\n".join(parts)
        offer = self._offer_runner_up(match, turn)
        if offer:
            text += f"\n\n{offer}"
        source = source_line(profile)
        if turn.expand:
            text += f"\n{source}"  # "go on" and "based on what?" name where the facts come from
        suggestions = self.composer.suggestions(profile, turn.intents, turn.slots)
        return Reply(text, turn.intent, turn.intents, match.confidence, dict(turn.slots), suggestions, source, match)

    def _offer_runner_up(self, match: Match, turn: Turn) -> str:
        runner = match.runner_up
        if turn.followup or not runner or runner[0] not in TOPICS or runner[0] in turn.intents:
            return ""
        if match.scores.get(turn.intent, 0.0) - runner[1] > CLOSE_MARGIN:
            return ""
        return f"Did you also want to know about {self.intents.intents[runner[0]].title.lower()}?"

    def _careers_named(self, detail: str) -> str:
        """"nurse careers", but "careers at a bank": a workplace named for the job reads after the word.

        A detail that already names jobs or people ("all healthcare jobs", "people who volunteer") reads as it is.
        """
        grammar = self.intents.language.grammar
        words = detail.split()
        if words[-1].removesuffix("s") in grammar.job_nouns or "who" in words:
            return detail
        return f"careers {detail}" if words[0] in grammar.field_prepositions else f"{detail} careers"

    def _decline(self, match: Match, profile: Profile) -> str:
        covered = f"I only cover: {self.composer.careers}."
        if match.reason == "acknowledgement":
            return (f"Anything else you'd like to know? {covered} Ask me about its salary, education, skills, duties, "
                    f"pros and cons, how to get started, or the job outlook.")
        if match.reason == "other_career":
            return (f"{covered} I don't have information about {self._careers_named(match.detail)}, so I can't answer that. "
                    f"I can tell you about this career's salary, education, skills, duties, pros and cons, how to get started and its outlook.")
        if match.reason == "unsupported" and match.unsupported:
            summary = self._what_it_says(match.unsupported.topic, profile)
            return f"{match.unsupported.says} What it does say: {summary}"
        guess = _guess(match)
        if guess:
            intent = self.intents.intents[guess]
            return (f"Sorry, I'm not sure I understood. {covered} If you are asking about {intent.title.lower()}, "
                    f"try: \u201c{intent.question}\u201d I can also tell you about its salary, education, skills, duties, "
                    f"pros and cons, how to get started and its outlook.")
        return (f"Sorry, I can't help with that. {covered} Ask me about its salary, education, skills, duties, "
                f"pros and cons, how to get started, or the job outlook, for example: \u201cWhat does it pay per hour?\u201d")

    def _what_it_says(self, topic: str, profile: Profile) -> str:
        if topic == "salary":
            pay = profile.salary
            updated = profile.source.updated
            return (f"the median salary in the {pay.country} is {money(pay.median_annual)} a year ({money(pay.median_hourly)} an hour), "
                    f"from {money(pay.starting)} starting to upwards of {money(pay.senior)} later in the career "
                    f"({profile.source.publisher}, updated {updated:%B} {updated.day}, {updated.year}).")
        return self.composer.topic(profile, topic, {}, None)

    def _small_talk(self, intent: str, profile: Profile) -> str:
        careers = self.composer.careers
        if intent == "greeting":
            return f"Hi! I answer questions about the {careers} career. " + self._menu()
        if intent == "help":
            return f"I can answer questions about the {careers} career. " + self._menu()
        if intent == "thanks":
            return f"You're welcome! Ask me anything else about the {careers} career."
        return "Goodbye, and good luck with your career plans!"

    def _menu(self) -> str:
        lines = [f"- {title}: \u201c{question}\u201d" for _, title, question in self.topics()]
        return "You can ask about:\n" + "\n".join(lines)


_ACKNOWLEDGEMENTS = {"greeting": "Hi! ", "thanks": "You're welcome! "}
"""How a question that opens with a greeting or thanks ("hi! what's the pay?") is acknowledged before the answer."""

GUESS_FLOOR = 0.3
"""A message declined for too little evidence still gets its likeliest topic offered when it reached this confidence."""


def _guess(match: Match) -> str:
    """The topic a message we could not place most likely meant ("can a quiet introvert pull this off" -> skills)."""
    if match.reason != "no_match" or match.asked_topic not in TOPICS or match.scores.get(match.asked_topic, 0.0) < GUESS_FLOOR:
        return ""
    return match.asked_topic
