"""How a message is built: the folded word lists of language.yaml, and the sentence shapes the matcher asks about.

Is "this" the career under discussion? Is a job named as a colleague, or as the job asked about? Is
there a pay figure the asker states? Each answer is a small pure function over normalised tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from advisor.intents import Grammar
from advisor.text import clean, raw_tokens, stem

THIRD_PERSON = frozenset({"they", "them", "their", "those", "that"})
"""Pronouns that point back at a job named earlier ("my cousin is a hygienist. what do they make?")."""
_PLAN_NAMES = {"401", "403", "457"}
"""401k, 403k, 457k: retirement plans people mention, not pay in thousands."""
_TIME_WORDS = {"year", "week", "month", "morning", "afternoon", "evening", "weekend", "time", "season"}
"""After "this", a word that makes it a time ("this week"), not the career."""
_SUBJECT_SOON = re.compile(r"(?:\w+ ){0,2}(?:i|you|we|they) ")
"""A subject within the first words after "who": "who would I work with", not "who earns more with a masters"."""
_RATE = re.compile(r"(?<![\w.])\$?(\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?)\s?(?:dollars?\s|bucks\s)?(?:an|a|per|each|/)\s?(hour|hr|week|wk|month|mo)\b")
_RATE_UNITS = {"hour": "hourly", "hr": "hourly", "week": "weekly", "wk": "weekly", "month": "monthly", "mo": "monthly"}
_PLAUSIBLE_RATE = {"hourly": (8, 500), "weekly": (200, 20_000), "monthly": (1_000, 50_000)}
_AMOUNT = re.compile(r"(?<![\w.])\$?\s?(\d{1,3}(?:[, ]\d{3})+|\d+(?:\.\d+)?)\s?(k|grand|thousand)?(?![\w%])")


@dataclass(eq=False)
class FoldedGrammar:
    """The grammar word lists of `language.yaml`, folded like message tokens; phrases become tuples."""

    question: frozenset[str]
    asking: tuple[tuple[str, ...], ...]
    openers: frozenset[str]
    function_words: frozenset[str]
    asked_as: tuple[tuple[str, ...], ...]
    fillers: frozenset[str]
    field_prepositions: frozenset[str]
    paths: frozenset[str]
    asked_for: frozenset[str]
    own_background: frozenset[str]
    job_nouns: frozenset[str]
    place_prepositions: frozenset[str]
    articles: frozenset[str]
    determiners: frozenset[str]
    works_with: frozenset[str]
    company: frozenset[str]
    being: frozenset[str]
    own_title: frozenset[str]
    comparisons: frozenset[str]
    possessives: frozenset[str]
    about_oneself: frozenset[tuple[str, ...]]
    hypotheticals: frozenset[str]
    errand_verbs: frozenset[str]
    errand_objects: frozenset[str]
    request_openings: tuple[tuple[str, ...], ...]
    command_objects: frozenset[str]
    refers_back: tuple[tuple[str, ...], ...]
    returns: tuple[tuple[str, ...], ...]
    pointers: tuple[tuple[str, ...], ...]
    superiors: tuple[tuple[str, ...], ...]
    person_pointers: tuple[tuple[str, ...], ...]
    back_pointers: tuple[tuple[str, ...], ...]
    arrivals: tuple[tuple[str, ...], ...]
    corrections: tuple[tuple[str, ...], ...]
    requirements: tuple[tuple[str, ...], ...]
    frames: frozenset[tuple[str, ...]]
    not_the_job_after: frozenset[str]
    own_scope: tuple[tuple[str, ...], ...]
    what_is_it: tuple[tuple[str, ...], ...]
    paid_to: frozenset[str]
    contrasts: tuple[tuple[str, ...], ...]
    set_aside: tuple[tuple[str, ...], ...]
    dictations: tuple[tuple[str, ...], ...]
    durations: tuple[tuple[str, ...], ...]
    asks_for_source: tuple[tuple[str, ...], ...]
    conditions: tuple[tuple[str, ...], ...]
    likenings: tuple[tuple[str, ...], ...]
    confirmations: frozenset[str]

    @classmethod
    def from_grammar(cls, grammar: Grammar) -> FoldedGrammar:
        def fold(words: list[str]) -> frozenset[str]:
            return frozenset(stem(word) for word in words)

        def phrases(words: list[str]) -> list[tuple[str, ...]]:
            return [tuple(stem(token) for token in raw_tokens(clean(phrase))) for phrase in words]

        return cls(
            question=fold(grammar.question_words), asking=tuple(phrases(grammar.asking_phrases)), openers=fold(grammar.openers), function_words=fold(grammar.function_words),
            asked_as=tuple(phrases(grammar.asked_as)), fillers=fold(grammar.fillers), field_prepositions=fold(grammar.field_prepositions),
            paths=fold(grammar.paths), asked_for=fold(grammar.asked_for), own_background=fold(grammar.own_background),
            job_nouns=fold(grammar.job_nouns),
            place_prepositions=fold(grammar.place_prepositions), articles=fold(grammar.articles),
            determiners=fold(grammar.articles + grammar.determiners), works_with=fold(grammar.works_with), company=fold(grammar.company), being=fold(grammar.being_words),
            own_title=fold(grammar.own_title_words), comparisons=fold(grammar.comparisons), possessives=fold(grammar.possessives),
            about_oneself=frozenset(phrases(grammar.asks_about_oneself)), hypotheticals=fold(grammar.hypotheticals), errand_verbs=fold(grammar.errand_verbs),
            errand_objects=fold(grammar.errand_objects), request_openings=tuple(phrases(grammar.request_openings)),
            command_objects=fold(grammar.command_objects), refers_back=tuple(phrases(grammar.refers_back)),
            returns=tuple(phrases(grammar.returns)), pointers=tuple(phrases(grammar.pointers)),
            superiors=tuple(phrases(grammar.superiors)), person_pointers=tuple(phrases(grammar.person_pointers)),
            back_pointers=tuple(phrases(grammar.back_pointers)), arrivals=tuple(phrases(grammar.arrivals)), corrections=tuple(phrases(grammar.corrections)),
            requirements=tuple(phrases(grammar.requirements)), frames=frozenset(phrases(grammar.frames)),
            not_the_job_after=fold(grammar.not_the_job_after),
            own_scope=tuple(phrases(grammar.own_scope)), what_is_it=tuple(phrases(grammar.what_is_it)), paid_to=fold(grammar.paid_to),
            contrasts=tuple(phrases(grammar.contrasts)), set_aside=tuple(phrases(grammar.set_aside)),
            dictations=tuple(phrases(grammar.dictations)), durations=tuple(phrases(grammar.durations)),
            asks_for_source=tuple(phrases(grammar.asks_for_source)), conditions=tuple(phrases(grammar.conditions)),
            likenings=tuple(phrases(grammar.likenings)), confirmations=fold(grammar.confirmations),
        )

    def ends_with(self, tokens: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
        """Whether `tokens` end with any of `phrases`."""
        candidates = _grouped(phrases, last=True).get(tokens[-1], ()) if tokens else ()
        return any(len(phrase) <= len(tokens) and tuple(tokens[len(tokens) - len(phrase):]) == phrase for phrase in candidates)

    def past_articles(self, tokens: list[str], index: int) -> int:
        """The last word at or before `index` that is not an article ("pay a vet": from "a" back to "pay"); -1 if none."""
        while index >= 0 and tokens[index] in self.articles:
            index -= 1
        return index

    def ends_pointing_back(self, tokens: list[str]) -> bool:
        """"What's the pay like there?" points at a place or job named before; "once I get there" only at reaching the goal."""
        return self.ends_with(tokens, self.back_pointers) and not self.ends_with(tokens, self.arrivals)

    def contains(self, tokens: list[str], phrases: tuple[tuple[str, ...], ...] | frozenset[tuple[str, ...]]) -> list[int]:
        """Where any of `phrases` starts in `tokens`."""
        by_first = _grouped(phrases, last=False)
        return [index for index, token in enumerate(tokens)
                if token in by_first and any(tuple(tokens[index:index + len(phrase)]) == phrase for phrase in by_first[token])]


GROUPED_LISTS = 512
"""At most this many groupings of grammar lists are kept (an advisor has a few dozen lists)."""
_GROUPED: dict[tuple[int, bool], tuple[object, dict[str, tuple[tuple[str, ...], ...]]]] = {}
"""Grammar lists grouped by their first or last word, found by the list's identity: hashing a long list on every
lookup would cost more than the lookup."""


def _grouped(phrases: tuple[tuple[str, ...], ...] | frozenset[tuple[str, ...]], last: bool) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The phrases of one grammar list by the word they open (or end) with, worked out once per list."""
    cached = _GROUPED.get((id(phrases), last))
    if cached is None or cached[0] is not phrases:
        if len(_GROUPED) > GROUPED_LISTS:
            _GROUPED.clear()  # lists of advisors loaded earlier (tests load many)
        grouped: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            grouped.setdefault(phrase[-1] if last else phrase[0], []).append(phrase)
        cached = _GROUPED[(id(phrases), last)] = (phrases, {word: tuple(group) for word, group in grouped.items()})
    return cached[1]


@dataclass(eq=False)
class Hit:
    """One phrase of the vocabulary found in the message."""

    kind: str
    target: str
    phrase: str
    weight: float
    start: int
    end: int


def asks_about_them(tokens: list[str], weights: list[float], words: FoldedGrammar) -> bool:
    """"My cousin is a hygienist. What do they make?": the question's pronoun points at the job named before it.

    So does a question that only asks whether the sentence before it is true ("I heard hygienists make bank. True or nah?").
    """
    asked = [token for token, weight in zip(tokens, weights) if weight == 1.0]
    return any(token in THIRD_PERSON for token in asked) or (bool(asked) and all(token in words.confirmations for token in asked))


def ends_on_this(tokens: list[str]) -> bool:
    """"What's the $ like for this", "is the market hot for this or nah": "this" is the career under discussion."""
    return points_at_this(tokens[-6:])


def points_at_this(tokens: list[str]) -> bool:
    """"Get into this", "good at this": a bare "this" after these words is the career, not "this week" or "this car"."""
    padded = tokens + [""]
    return any(word == "this" and previous in ("for", "into", "in", "to", "doing", "doin", "like", "about") and following not in _TIME_WORDS
               for previous, word, following in zip(padded, padded[1:], padded[2:]))


_SUBJECTS = frozenset({"i", "you", "we", "they", "he", "she", "people", "someone", "everyone"})


def names_a_title(tokens: list[str], hit: Hit, words: FoldedGrammar, own_heads: frozenset[str]) -> bool:
    """Whether a title word ("director", "manager") here names some other job ("director of marketing")."""
    modifiers = tokens[max(0, hit.start - 2):hit.start]
    after = [word for word in tokens[hit.end:hit.end + 3] if word not in words.articles][:2]
    if after[:1] == ["of"]:
        return len(after) > 1 and after[1] not in words.own_title  # "director of nursing", "administrator of a rural clinic"
    if not modifiers or modifiers[-1] in words.determiners:
        return False
    if (modifiers[-1] in words.function_words or modifiers[-1] in words.being) and hit.target in own_heads:
        return False  # "the step below director", "before one can be named director": our own title, unqualified
    if hit.target in own_heads and modifiers[0] in _SUBJECTS:
        return False  # "I heard directors make 200k": a verb before our title, not a kind of director
    if modifiers[-1] in words.own_title and (len(modifiers) == 1 or modifiers[0] in words.own_title | words.articles | words.function_words):
        return False
    return any(word.isalpha() and word not in words.own_title for word in modifiers[-1:] + modifiers[:1])


def is_object(tokens: list[str], start: int, words: FoldedGrammar) -> bool:
    """An occupation named as someone the director works with, not the career asked about."""
    if _asks_who_one_meets(tokens[:start], words) or _scheduled_by_whom(tokens, start, words):
        return True
    index = words.past_articles(tokens, start - 1)
    for _ in range(2):  # modifiers of the title: "equipment sales reps", "new nurses"
        if index > 0 and tokens[index] in words.function_words and (tokens[index - 1] not in words.works_with or tokens[index - 1] in words.function_words):
            break  # "the future for pharmacy techs": a preposition ends the title unless a verb of working with comes before it ("training for the nurses")
        if index >= 0 and tokens[index].isalpha() and tokens[index] not in words.works_with | words.being | words.determiners | words.field_prepositions:
            index -= 1
    if index > 0 and tokens[index] in words.articles and (tokens[index - 1] not in words.function_words or tokens[index - 1] in words.works_with - {"and"}):
        index -= 1  # "training the new nurses", "to some senior doctor", but not "and a hospital COO"
    if index > 0 and tokens[index] in ("to", "with") and tokens[index - 1] in words.comparisons - {"or"}:
        return False  # "compared with a travel nurse's pay": the job compared, not a colleague
    if index > 0 and tokens[index] == "to" and tokens[index - 1] in words.paid_to:
        return False  # "how much is paid to a dental hygienist": the one paid, not a colleague
    if index > 0 and tokens[index] == "to" and tokens[index - 1] in words.paths:
        return False  # "the path to hospital CFO", "promoted to nurse manager": where one is going, not a colleague
    return index > 0 and tokens[index] in words.works_with or (index == 0 and tokens[0] in words.works_with and tokens[0] != "and")


def _scheduled_by_whom(tokens: list[str], start: int, words: FoldedGrammar) -> bool:
    """"Who figures out which nurse is working which shift": the staff whose rota is drawn up, not the job asked about."""
    return tokens[:1] == ["who"] and bool(words.works_with & set(tokens[start + 1:start + 5]))


def _asks_who_one_meets(before: list[str], words: FoldedGrammar) -> bool:
    """"Who would I be working alongside, only doctors?": the jobs named are the people met, not the job asked about.

    The question needs its own subject ("who would I", not "who earns more with a masters, nurses or doctors?").
    """
    asker = next((word for word in ("who", "whom") if word in before), "")  # "whom would they sit down with? mostly doctors?"
    if not asker:
        return False
    clause = before[before.index(asker) + 1:]
    return bool(words.company & set(clause)) and bool(_SUBJECT_SOON.match(" ".join(clause)))


def stated_rate(cleaned: str) -> tuple[float, str] | None:
    """A pay rate the user states by the hour, week or month ("I get 45 an hour", "1,800 a week"), with its period."""
    for number, unit in _RATE.findall(cleaned):
        period = _RATE_UNITS[unit]
        value = float(number.replace(",", ""))
        low, high = _PLAUSIBLE_RATE[period]
        if low <= value <= high:
            return value, period
    return None


def stated_amount(cleaned: str) -> int | None:
    """A pay figure the user states ("I make 95k", "$100,000", "72 000 dollars"), for comparing with the profile."""
    for number, unit in _AMOUNT.findall(cleaned):
        if number in _PLAN_NAMES and unit == "k":
            continue
        value = float(number.replace(",", "").replace(" ", ""))
        if unit:
            value *= 1000
        if 10_000 <= value <= 2_000_000 and not (1900 <= value <= 2100 and not unit):
            return int(value)
    return None
