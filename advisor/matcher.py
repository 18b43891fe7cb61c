"""Mapping one message onto intents and slots, without any conversation context.

Evidence comes from two places: weighted keyword phrases (typo-tolerant, found as token n-grams)
and the closest example phrasing (IDF-weighted word overlap). Out of scope is decided on its own
evidence, not only on low scores: a question about another occupation, or about a detail the
profile does not give, is declined however salary-like it looks.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from advisor.grammar import (THIRD_PERSON, FoldedGrammar, Hit, asks_about_them, ends_on_this, is_object, names_a_title, points_at_this, stated_amount,
                             stated_rate)
from advisor.intents import OUT_OF_SCOPE, SMALL_TALK, TOPIC_SLOTS, TOPICS, IntentSet, Unsupported
from advisor.similarity import COMMON_SHARE, ExampleIndex, Neighbour, WordModel
from advisor.slots import choose, find_slots, slot_only, slots_for, slots_for_intents
from advisor.text import Speller, clean, raw_tokens, stem

CONFIDENCE_FLOOR = 0.45
"""Below this, no intent is trusted and the message is declined."""
MULTI_INTENT_WEIGHT = 2.5
"""Keyword evidence a second topic needs before a message counts as asking it too."""
SPECIFIC_WEIGHT = 3.0
"""Keywords this heavy name a topic of ours on their own ("salary", "pros and cons"); lighter ones need context."""
OWN_PHRASE = 4.0
"""A keyword this heavy is a phrase only its topic uses ("worth getting into"): it beats an example that shares the frame."""
PHRASE_PAST_POSSESSIVE = 5
"""A phrase of this many words after "my" pictures life in the job rather than the asker's own affairs."""
GENERIC_FRAMING = 2.0
"""Overview evidence below this ("tell me about ...") is framing that a word naming another topic overrides."""
PLENTY_OF_EVIDENCE = 5.0
"""Enough lighter keywords together ("are the hours brutal") also make a topic without context."""
TERSE_TOKENS = 3
"""Messages this short ("money?", "base per month?") need only one plain keyword: there is no room for anything else.
"""
UNMISTAKABLE_SMALL_TALK = 3.5
"""Small-talk phrases this heavy ("what can you help me with") count wherever they stand in a message."""
TERSE_KEYWORD = 2.0
"""The keyword weight a terse message needs ("money?" yes, "trending now" no)."""
INTRODUCTION_TOKENS = 6
"""A greeting with a longer statement and no question ("Hello! I'm a counselor with a few questions") introduces the asker."""
BACKGROUND_WEIGHT = 0.4
"""How much a sentence that asks nothing counts, next to the sentences of the same message that ask."""
_ASKING_OPENS = 5
"""An asking phrase this close to the start of a sentence ("wat kinda stuff can u tell me") makes all of it a question."""
STATED_PAY_WEIGHT = 2.5
"""A pay figure in the message ("I make 95k") is evidence of a salary question."""
PERIOD_WEIGHT = 1.5
"""So is a pay period next to a pay word ("how much is made in one week")."""
EXAMPLE_FLOOR = 0.35
"""Example similarity (cosine, 0 to 1) below which an example says nothing."""
SMALL_TALK_EXAMPLE_FLOOR = 0.7
"""Small talk is short and generic, so only a near-identical example says "hello" or "bye"."""
EXAMPLE_SURE = 0.85
"""Example similarity at which an example alone is strong evidence."""
ANCHORED_EXAMPLE_SURE = 0.7
"""With the career in view, a topic example this similar is strong evidence."""
EXAMPLE_CLOSE = 0.7
"""An example this close counts as specific evidence even without a word that names the career."""
LEARNED_WEIGHT = 2.0
"""Weight of a keyword learned from the examples: light, so it needs the career in view or company."""
LEARNED_MIN_COUNT = 3
"""A word must appear in this many examples of one topic to be learned as its keyword..."""
LEARNED_SHARE = 0.8
"""...and this share of all the examples it appears in must be that topic's."""
WORDS_SURE = 0.95
"""When the words of a message, taken together, make one topic this likely (naive Bayes over the examples), it stands alone."""
SCENE_WORDS = 8
"""How far after "if I", "before I" a topic word only sets the scene ("before I commit two years to a master's program")."""
FRAME_OBJECT_WORDS = 3
"""How far after "in charge of" the thing one is in charge of may start ("in charge of drawing up backup plans")."""
CLOSE_MARGIN = 0.08
"""When the runner-up is this close to the top intent, the answer offers it as well."""
AGREEMENT_MARGIN = 0.3
"""A runner-up this close to the top topic is answered instead when the nearest example and the word model both choose it..."""
AGREEMENT_EXAMPLE = 0.4
"""...and that example is at least this similar."""
DETAIL_MESSAGE_TOKENS = 20
"""Messages up to this long ask about any detail they name ("can I do this job remotely if I live in rural Montana")..."""
DETAIL_REACH = 8
"""...longer ones only about a detail this close to the words of the topic asked ("my cousin keeps posting on LinkedIn about ...")."""
MULTI_CLAUSE_TOKENS = 30
"""Longer messages are rambles: their clauses are background more often than questions."""
CLAUSE_CONFIDENCE = 0.6
"""How sure a clause must be of its topic, taken on its own, to add it to what the message asks."""
CLAUSE_CANDIDATE = 0.25
"""Clauses are read one by one only when the whole message shows at least this much evidence of another topic."""
SELF_DESCRIBED_GAP = 3
"""At most this many words between "I'm a ..." and the job it describes ("I'm a night shift ER nurse")."""
SELF_DESCRIBED_PLACE = 8
"""A place at most this many words after "I'm a ..." or "I work ..." is where the asker works, for topics that do not vary by place."""
CONTINUATION_WORDS = 12
"""Longest message (fillers aside) read as requests for more in a row: "keep going, anything else, and why?"."""

HOURS_PER_YEAR = 2080
"""40 hours x 52 weeks: the convention the source's own hourly figure follows ($123,558 / 2,080 = $59)."""
PER_YEAR = {"hourly": HOURS_PER_YEAR, "weekly": 52, "monthly": 12}
"""How many of each pay period make a year."""
NORMAL_CACHE = 50_000
"""At most this many words keep their corrected, stemmed form for the next message (a bounded cache)."""
SHORT_QUESTION = 10
"""A question this short that asks where a figure comes from ("where's that number from?") is about the last answer."""
PLACE = "place"
"""The unsupported detail (out_of_scope.yaml) that a pay question about an unknown place gets."""
REGION = "region"
"""The unsupported detail that a place asked about with another topic than pay gets: the profile is about the US."""

_ERRAND_PRONE = ("salary", "responsibilities")
"""Topics whose words double as errands ("pay my bill", "schedule a meeting")."""
_SENTENCE = re.compile(r"[^.!?;\n]+[.!?;\n]*")


@dataclass(eq=False)
class Evidence:
    """Everything weighed about one message, from which the decision is taken."""

    tokens: list[str]
    weights: list[float]
    hits: list[Hit]
    scores: dict[str, float]
    found: dict[str, tuple[str, ...]]
    first_seen: dict[str, int]
    confidences: dict[str, float]
    neighbours: dict[str, Neighbour]
    slots: dict[str, dict[str, int]]
    levels: tuple[str, ...]
    amount: int | None
    anchored: bool
    question: bool = False
    rate: tuple[float, str] | None = None
    asks: bool = True
    """Some sentence asks something (a question mark, or opens with a question word)."""
    opening: tuple[str, ...] = ()
    """The first sentence's tokens, when it asks something and more sentences follow."""


@dataclass(eq=False)
class Match:
    """What one message asks, with the evidence behind it (shown by `--explain` and `/why`)."""

    intent: str
    confidence: float
    intents: tuple[str, ...]
    slots: dict[str, str]
    mentioned: dict[str, str] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)
    closest_example: Neighbour | None = None
    reason: str = ""
    detail: str = ""
    unsupported: Unsupported | None = None
    levels: tuple[str, ...] = ()
    amount: int | None = None
    rate: tuple[float, str] | None = None
    gap: bool = False
    asked_topic: str = ""
    names_career: bool = False
    career: str = ""
    refers_back: bool = False
    returns: bool = False
    names_own_scope: bool = False
    points_back: bool = False
    asks_who_is_above: bool = False
    """"Who's their boss?", "who do they report to": the answer names a single person above the director."""
    points_at_person: bool = False
    """"That person", "their boss": one person, not the career (which people call "they")."""
    asks: bool = False
    cites: bool = False
    names_a_detail: bool = False
    asks_duration: bool = False
    continuation: bool = False
    slot_only: bool = False
    tokens: tuple[str, ...] = ()
    foreign: tuple[str, ...] = ()

    @property
    def short(self) -> bool:
        """Short enough to be a follow-up that leans on the previous answer ("what about weekly then?")."""
        return len(self.tokens) <= 10

    @property
    def runner_up(self) -> tuple[str, float] | None:
        ranked = sorted(((score, label) for label, score in self.scores.items() if label != self.intent), reverse=True)
        return (ranked[0][1], ranked[0][0]) if ranked else None


class Matcher:
    """Built once from the intent definitions; `match` is then a pure function of the text."""

    def __init__(self, spec: IntentSet, careers: dict[str, list[str]]) -> None:
        """`careers` maps each profile id to the names it goes by; a message naming one is about that career."""
        self.spec = spec
        self._grammar = FoldedGrammar.from_grammar(spec.language.grammar)
        self._slang = {key: value.split() for key, value in spec.language.slang.items()}
        # Emoji and other symbols are not words to split on, so they are replaced in the text: "🙏" is thanks.
        self._symbols = {key: value for key, value in spec.language.slang.items() if not key.isascii()}
        self._normal: dict[str, str] = {}
        self._phrases: dict[tuple[str, ...], list[tuple[str, str, float]]] = defaultdict(list)
        self._longest: dict[str, int] = {}
        """The longest phrase starting with each word, so that finding phrases looks only as far as one could reach."""
        topical, other = self._index_phrases(spec, careers)
        self._own_heads = frozenset(word for aliases in careers.values() for alias in aliases for word in self._words(alias))
        self._unsupported = {item.name: item for item in spec.out_of_scope.unsupported}
        self._self_description = {tuple(self._words(phrase)) for phrase in spec.language.self_description}
        self._expand = {" ".join(word for word in self._words(phrase) if word not in self._grammar.fillers) for phrase in spec.language.expand}
        self._longest_expand = max((len(phrase.split()) for phrase in self._expand), default=0)
        self._expand_words = {word for phrase in self._expand for word in phrase.split()}
        self._aside_openers = {phrase[0] for phrase in self._grammar.set_aside}
        self._commands = {stem(word) for word in spec.out_of_scope.commands}
        self._speller = Speller(topical, other)
        # Clauses end at punctuation or "+", or at "and"/"also" when a new question follows ("what do they do and what do they make").
        questions = "|".join(re.escape(word) for word in spec.language.grammar.question_words)
        self._clause = re.compile(rf"[;!?+\n]+|[.,](?!\d)|\b(?:and|n|also|plus)\b(?=\s+(?:{questions})\b)")
        examples = [(label, example) for label, intent in spec.intents.items() for example in intent.examples]
        examples += [(OUT_OF_SCOPE, example) for example in spec.out_of_scope.examples]
        tokenised = [(label, self.tokens(example)) for label, example in examples]
        self._our_words = self._examples_vocabulary(tokenised) | set(self._grammar.function_words) | set(self._grammar.fillers) | {word for phrase in self._phrases for word in phrase if self._is_ours(phrase)}
        self._examples = ExampleIndex(tokenised)
        self._word_model = WordModel(tokenised)
        self._learn_keywords(tokenised)

    def _examples_vocabulary(self, examples: list[tuple[str, list[str]]]) -> set[str]:
        """Every word our own phrasings use (the out-of-scope ones excepted), and the words common to all phrasings."""
        everywhere: dict[str, int] = defaultdict(int)
        for _, tokens in examples:
            for token in set(tokens):
                everywhere[token] += 1
        common = {token for token, count in everywhere.items() if count > COMMON_SHARE * len(examples)}
        return common | {token for label, tokens in examples if label != OUT_OF_SCOPE for token in tokens}

    def _is_ours(self, phrase: tuple[str, ...]) -> bool:
        return any(kind != "keyword" or target != OUT_OF_SCOPE for kind, target, _ in self._phrases[phrase]
                   if kind not in ("occupation", "occupation_head", "unsupported"))

    def _learn_keywords(self, examples: list[tuple[str, list[str]]]) -> None:
        """Words that, across the example phrasings, nearly always mean one topic become light keywords of it."""
        seen: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for label, tokens in examples:
            for token in set(tokens):
                seen[token][label] += 1
        common = len(examples) * COMMON_SHARE
        for token, labels in seen.items():
            total = sum(labels.values())
            label, count = max(labels.items(), key=lambda item: item[1])
            if label in TOPICS and count >= LEARNED_MIN_COUNT and count / total >= LEARNED_SHARE and total <= common and token.isalpha() \
                    and token not in self._grammar.fillers and (token,) not in self._phrases:
                self._phrases[(token,)].append(("keyword", label, LEARNED_WEIGHT))
                self._longest.setdefault(token, 1)

    def _index_phrases(self, spec: IntentSet, careers: dict[str, list[str]]) -> tuple[set[str], set[str]]:
        """Index every phrase of the data; return the words typos are corrected towards, ours first."""
        topical: set[str] = set()
        other: set[str] = set()
        for label, intent in spec.intents.items():
            for phrase, weight in intent.keywords.items():
                topical |= self._add("keyword", label, phrase, weight)
        for slot, values in spec.slots.items():
            for value, phrases in values.items():
                for phrase in phrases:
                    topical |= self._add("slot", f"{slot}={value}", phrase, 1)
        heads = {word for phrase in spec.out_of_scope.occupation_heads for word in self._words(phrase)} | {"of"}
        for career, aliases in careers.items():
            for phrase in aliases:
                topical |= self._add("career", career, phrase, 1)
                field_words = [word for word in self._words(phrase) if word not in heads]
                if len(field_words) > 1:  # "clinical ops" from "clinical ops director": the career's field, named without its title
                    self._add("field", career, " ".join(field_words), 1)
        for phrase in spec.language.gap:
            topical |= self._add("gap", phrase, phrase, 1)
        for phrase in spec.language.anchors:
            self._add("anchor", phrase, phrase, 1)
        for phrase, weight in spec.out_of_scope.keywords.items():
            other |= self._add("keyword", OUT_OF_SCOPE, phrase, weight)
        for phrase in spec.out_of_scope.occupations:
            other |= self._add("occupation", phrase, phrase, 1)
        for phrase in spec.out_of_scope.occupation_heads:
            other |= self._add("occupation_head", phrase, phrase, 1)
        for phrase in spec.out_of_scope.stepping_stones:
            self._add("stepping_stone", phrase, phrase, 1)
        for item in spec.out_of_scope.unsupported:
            for phrase in item.words:
                other |= self._add("unsupported", item.name, phrase, 1)
        return {word for word in topical if word.isalpha()}, {word for word in other if word.isalpha()}

    def _words(self, phrase: str) -> list[str]:
        words: list[str] = []
        for token in raw_tokens(clean(phrase)):
            words.extend(self._slang.get(token, [token]))
        return [stem(word) for word in words]

    def _add(self, kind: str, target: str, phrase: str, weight: float) -> set[str]:
        raw = raw_tokens(clean(phrase))
        key = tuple(self._words(phrase))
        if key:
            self._phrases[key].append((kind, target, weight))
            self._longest[key[0]] = max(self._longest.get(key[0], 0), len(key))
        return set(raw)

    def _tokens_and_weights(self, cleaned: str) -> tuple[list[str], list[float], bool, tuple[str, ...]]:
        """Tokens with a weight each: in a rambling message, the sentences that ask something count most.

        Also whether any sentence asks something, and the first sentence's tokens when there are more
        ("Are you sure about that? It seems low."), worked out here once with the sentences.
        """
        sentences = [sentence for sentence in _SENTENCE.findall(cleaned) if sentence.strip()] or [cleaned]
        per_sentence = [self.tokens(sentence) for sentence in sentences]
        asks_from = [self._asks_from(sentence, words) for sentence, words in zip(sentences, per_sentence)]
        asked = [start is not None for start in asks_from]
        tokens: list[str] = []
        weights: list[float] = []
        for words, start in zip(per_sentence, asks_from):
            tokens += words
            if not any(asked):
                weights += [1.0] * len(words)
            else:
                background = len(words) if start is None else start
                weights += [BACKGROUND_WEIGHT] * background + [1.0] * (len(words) - background)
        opening = tuple(per_sentence[0]) if len(sentences) > 1 and asked[0] else ()
        return tokens, weights or [1.0], any(asked), opening

    def _asks_from(self, sentence: str, words: list[str]) -> int | None:
        """Where a sentence starts asking: 0 for a question, the asking phrase in "... and I want to know what it pays", or None."""
        if sentence.rstrip().endswith("?") or self._opens_a_question(sentence):
            return 0
        start = next(iter(self._grammar.contains(words, self._grammar.asking)), None)
        return 0 if start is not None and start <= _ASKING_OPENS else start  # "wat kinda stuff can u tell me": all of it asks

    def _opens_a_question(self, sentence: str) -> bool:
        """"What do they earn", "also, whats the starting pay": a question word first, after any connectives."""
        for word in raw_tokens(sentence):
            word = stem(word)
            if word not in self._grammar.openers:
                return word in self._grammar.question
        return False

    def tokens(self, text: str) -> list[str]:
        """Normalised tokens: slang expanded, typos corrected towards the vocabulary, plurals stripped."""
        words: list[str] = []
        text = clean(text)
        for symbol, meaning in self._symbols.items():
            if symbol in text:
                text = text.replace(symbol, f" {meaning} ")
        for token in raw_tokens(text):
            for word in self._slang.get(token, [token]):
                normal = self._normal.get(word)
                if normal is None:
                    normal = stem(self._speller.correct(word))
                    if len(self._normal) < NORMAL_CACHE:
                        self._normal[word] = normal
                words.append(normal)
        return words

    def find(self, tokens: list[str]) -> list[Hit]:
        """Every vocabulary phrase in `tokens`, as n-grams up to the longest phrase."""
        hits: list[Hit] = []
        for start in range(len(tokens)):
            for end in range(start + 1, min(len(tokens), start + self._longest.get(tokens[start], 0)) + 1):
                for kind, target, weight in self._phrases.get(tuple(tokens[start:end]), ()):
                    hits.append(Hit(kind, target, " ".join(tokens[start:end]), weight, start, end))
        return hits

    def match(self, text: str, career_in_view: bool = False) -> Match:
        """Classify one message; `career_in_view` says the conversation is already about the career.

        Then generic words ("what classes should I take", "do they get called in at 3am") are read
        as being about it, as they would be after a word that names the career.
        """
        cleaned = clean(text)
        tokens, weights, asks, opening = self._tokens_and_weights(cleaned)
        if not tokens:
            intent = "help" if not cleaned.strip() else OUT_OF_SCOPE
            return Match(intent, 1.0, (intent,), {}, reason="empty" if intent == "help" else "no_words")
        if all(token in self._grammar.fillers for token in tokens):  # "ok", "lol ok", "cool cool": nothing asked
            return Match(OUT_OF_SCOPE, 1.0, (OUT_OF_SCOPE,), {}, reason="acknowledgement", tokens=tuple(tokens))
        hits = self._as_corrected(self.find(tokens), tokens)
        evidence = replace(self._weigh(cleaned, tokens, weights, hits, career_in_view), asks=asks, opening=opening)
        match = self._decide(evidence, self._described(evidence))
        if match.intent in TOPICS and len(tokens) <= MULTI_CLAUSE_TOKENS:
            match = self._with_clause_topics(match, cleaned, evidence)
        return match

    def _as_corrected(self, hits: list[Hit], tokens: list[str]) -> list[Hit]:
        """"The pay for a clinical ops director, no wait, I meant for a travel PT": a job named after the correction replaces those
        before it, and so does a topic ("what skills matter? wait, scratch that, what I need is the schooling")."""
        end = self._correction_end(tokens)
        if end is None:
            return hits
        for replaced in (lambda hit: hit.kind in ("career", "occupation", "occupation_head"),
                         lambda hit: hit.kind == "keyword" and hit.target in TOPICS):
            if any(replaced(hit) and hit.start >= end for hit in hits):
                hits = [hit for hit in hits if not (replaced(hit) and hit.end <= end)]
        return hits

    def _correction_end(self, tokens: list[str]) -> int | None:
        """Where the last correction ("no wait", "I meant") ends, if the message corrects itself."""
        ends = [start + len(phrase) for start in self._grammar.contains(tokens, self._grammar.corrections)
                for phrase in self._grammar.corrections if tuple(tokens[start:start + len(phrase)]) == phrase]
        return max(ends, default=None)

    def _with_clause_topics(self, match: Match, cleaned: str, whole: Evidence) -> Match:
        """"What do they do and what do they make": each clause that asks a topic on its own adds it, in the order asked."""
        candidates = {label for label in TOPICS if whole.confidences.get(label, 0.0) >= CLAUSE_CANDIDATE and label not in match.intents}
        clauses = [clause for clause in self._clause.split(cleaned) if clause and clause.strip()] if candidates else []
        if len(clauses) < 2:
            return match
        asked: list[str] = []
        for clause in clauses:
            tokens = self.tokens(clause)
            hits = self.find(tokens)
            if not tokens or (len(tokens) == 1 and not any(hit.kind == "keyword" for hit in hits)):
                continue  # "STRESS? MONEY?": one word asks a topic only if it is one of the topic's words
            evidence = self._weigh(clause, tokens, [1.0] * len(tokens), hits, whole.anchored)
            topic = max(TOPICS, key=lambda label: evidence.confidences.get(label, 0.0))
            if _only_inside_slots(topic, hits):
                continue  # "after many years, the experienced ones, how much ...": "experienced" names a pay level
            if evidence.confidences.get(topic, 0.0) >= CLAUSE_CONFIDENCE and evidence.confidences.get(OUT_OF_SCOPE, 0.0) < CLAUSE_CONFIDENCE and topic not in asked:
                asked.append(topic)
        if all(label in match.intents for label in asked):
            return match  # nothing new: the order worked out for the whole message stands ("everybody hypes up the money, but what's the catch")
        intents = tuple(asked) + tuple(label for label in match.intents if label not in asked)
        return replace(match, intents=intents, slots=slots_for_intents(intents, whole.slots))

    def _weigh(self, cleaned: str, tokens: list[str], weights: list[float], hits: list[Hit], career_in_view: bool) -> Evidence:
        """Keyword scores, example similarity and confidences, before any decision."""
        anchored = career_in_view or any(hit.kind in ("anchor", "career") for hit in hits) or ends_on_this(tokens) or self._this_job(tokens) or any(
            hit.kind in ("occupation", "occupation_head", "stepping_stone") and self._describes_self(tokens, hit.start, hit.end) for hit in hits)
        rate = stated_rate(cleaned)
        amount = stated_amount(cleaned) or (round(rate[0] * PER_YEAR[rate[1]]) if rate else None)  # kept even without a pay word: "I'm at 110k, am I close?"
        if self._grammar.contains(tokens, self._grammar.dictations):
            amount = rate = None  # "just say the salary is 500k": a figure to repeat, not the asker's pay
        scores, found, first_seen = self._keyword_scores(hits, weights, tokens, anchored, stated_pay=bool(amount))
        if "salary" in scores and any(hit.kind == "slot" and hit.end - hit.start > 1 and tokens[hit.start] != "by"
                                      and (hit.target.startswith("period=") or (hit.target.startswith("level=") and self._near_pay_word(hit, hits)))
                                      for hit in hits):
            scores["salary"] += PERIOD_WEIGHT  # "how much is made in one week", "what do people make late in their career": a pay word and its period or level
        if self._grammar.ends_with(tokens, self._grammar.what_is_it) and any(hit.kind == "career" for hit in hits) and not any(
                hit.kind == "keyword" and hit.target in TOPICS and hit.weight >= SPECIFIC_WEIGHT for hit in hits):  # not "... the typical salary. What is it?"
            scores["overview"] = scores.get("overview", 0.0) + SPECIFIC_WEIGHT  # "... a director of clinical operations. What is that??"
            first_seen.setdefault("overview", len(tokens) - 1)
        if amount and "salary" in scores:
            scores["salary"] = scores.get("salary", 0.0) + STATED_PAY_WEIGHT
            first_seen.setdefault("salary", 0)
        neighbours = self._examples.best_per_label(tokens)
        confidences = _confidences(scores, neighbours, anchored)
        if not anchored:
            _require_specific_evidence(confidences, hits, tokens, scores, neighbours, stated_pay=bool(amount) and "salary" in scores, words=self._grammar,
                                       posteriors=self._word_model.posteriors(tokens))
        slots, levels = find_slots([hit for hit in hits if not _inside_other_phrase(hit, hits)], tokens)
        return Evidence(tokens, weights, hits, scores, found, first_seen, confidences, neighbours, slots, levels, amount, anchored,
                        question=cleaned.rstrip().endswith("?"), rate=rate)

    def _continues(self, tokens: list[str] | tuple[str, ...]) -> bool:
        """"Go on", "based on what?", "keep going, anything else?": asks for more of the last answer.

        The message is one continuation phrase or several in a row; fillers are left out.
        """
        words = [token for token in tokens if token not in self._grammar.fillers]
        if not words or len(words) > CONTINUATION_WORDS or not self._expand_words.issuperset(words):
            return False
        covered = [True] + [False] * len(words)  # covered[i]: words[:i] splits into continuation phrases
        for end in range(1, len(words) + 1):
            covered[end] = any(covered[start] and " ".join(words[start:end]) in self._expand for start in range(max(0, end - self._longest_expand), end))
        return covered[-1]

    def _opens_with_continuation(self, evidence: Evidence) -> bool:
        """"Are you sure about that? It seems low for a director.": a short message whose first sentence asks for more."""
        return bool(evidence.opening) and len(evidence.tokens) <= 2 * SHORT_QUESTION and self._continues(evidence.opening)

    def _asks_only_duration(self, tokens: list[str], hits: list[Hit]) -> bool:
        """"How long does that take", but not "how long is the residency": a length, and no topic word besides."""
        starts = self._grammar.contains(tokens, self._grammar.durations)
        spans = {index for start in starts for phrase in self._grammar.durations
                 if tuple(tokens[start:start + len(phrase)]) == phrase for index in range(start, start + len(phrase))}
        return bool(starts) and all(set(range(hit.start, hit.end)) <= spans for hit in hits if hit.kind == "keyword" and hit.target in TOPICS)

    def _this_job(self, tokens: list[str]) -> bool:
        """"Is this an executive job", "is this a secure field for my son": the job in front of the asker is this career."""
        return any(token == "this" and any(following in self._grammar.job_nouns for following in tokens[index + 1:index + 5])
                   for index, token in enumerate(tokens))

    def _described(self, evidence: Evidence) -> dict[str, Any]:
        """The Match fields that describe the message whatever is decided about it."""
        tokens, hits, confidences = evidence.tokens, evidence.hits, evidence.confidences
        cites = bool(self._grammar.contains(tokens, self._grammar.asks_for_source))
        return dict(
            mentioned={slot: choose(slot, values) for slot, values in evidence.slots.items()},
            scores=confidences,
            evidence=evidence.found,
            closest_example=max(evidence.neighbours.values(), key=lambda neighbour: neighbour.similarity, default=None),
            levels=evidence.levels,
            amount=evidence.amount,
            rate=evidence.rate,
            gap=any(hit.kind == "gap" for hit in hits),
            asked_topic=max(TOPICS, key=lambda label: confidences.get(label, 0.0)) if any(label in confidences for label in TOPICS) else "",
            names_career=any(hit.kind == "career" or (hit.kind == "anchor" and hit.phrase.split()[0] in ("this", "these")) for hit in hits)
            or self._names_field_alone(hits)
            or self._names_the_title(tokens, hits),
            career=next((hit.target for hit in hits if hit.kind == "career"), ""),
            refers_back=bool(self._grammar.contains(tokens, self._grammar.refers_back)),
            returns=bool(self._grammar.contains(tokens, self._grammar.returns)),
            names_own_scope=len(tokens) <= SHORT_QUESTION and bool(self._grammar.contains(tokens, self._grammar.own_scope)),
            points_back=bool(self._grammar.contains(tokens, self._grammar.pointers)),
            asks_who_is_above="who" in tokens and bool(self._grammar.contains(tokens, self._grammar.superiors)),
            points_at_person=bool(self._grammar.contains(tokens, self._grammar.person_pointers)),
            asks=evidence.question or tokens[0] in self._grammar.question or tokens[0] == "and",
            asks_duration=self._asks_only_duration(tokens, hits),
            cites=cites,
            names_a_detail=any(hit.kind == "unsupported" for hit in hits),
            continuation=self._continues(tokens) or (len(tokens) <= SHORT_QUESTION and cites) or self._opens_with_continuation(evidence),
            slot_only=slot_only(hits, tokens),
            tokens=tuple(tokens),
            foreign=tuple(token for index, token in enumerate(tokens) if token not in self._our_words
                          and not (token.isdigit() and {"year", "yr"} & set(tokens[index + 1:index + 3]))  # "after 15 years or so?", "15+ years"
                          and not (token == "%" and index > 0 and tokens[index - 1].isdigit())),  # "the bottom 10%"
        )

    def _names_field_alone(self, hits: list[Hit]) -> bool:
        """"Ok, what about clinical ops?": our career by its field, when no other job holds the words ("clinical operations manager")."""
        taken = {index for hit in hits if hit.kind in ("occupation", "occupation_head") for index in range(hit.start, hit.end)}
        return any(hit.kind == "field" and not taken & set(range(hit.start, hit.end)) for hit in hits)

    def _names_the_title(self, tokens: list[str], hits: list[Hit]) -> bool:
        """"Ok, and directors at the top end?": the bare title, not part of another job's ("directors of nursing", "medical director")."""
        taken = {index for hit in hits if hit.kind == "occupation" or (hit.kind == "occupation_head" and names_a_title(tokens, hit, self._grammar, self._own_heads))
                 for index in range(hit.start, hit.end)}
        return any(hit.kind == "anchor" and hit.phrase == _TITLE and hit.start not in taken for hit in hits)

    def _decide(self, evidence: Evidence, base: dict[str, Any]) -> Match:
        """Decline (another career, a detail the profile lacks, something unrelated, too little evidence) or answer."""
        tokens, hits, scores, confidences = evidence.tokens, evidence.hits, evidence.scores, evidence.confidences
        occupation = self._asked_about_other_career(hits, tokens, scores, evidence.weights)
        if occupation:
            base["asked_topic"] = _topic_besides(occupation, hits) or base["asked_topic"]
            return Match(OUT_OF_SCOPE, 0.95, (OUT_OF_SCOPE,), {}, reason="other_career", detail=occupation.target, **base)
        topic_scores = {label: confidences.get(label, 0.0) for label in TOPICS + SMALL_TALK}
        if evidence.question:  # "any credential that helps?": thanks and goodbyes are not asked
            topic_scores.update({label: 0.0 for label in _NEVER_ASKED if not _said_as_such(evidence.neighbours, label)})
        best = max(SMALL_TALK + TOPICS, key=topic_scores.get)  # on a tie, small talk first: the bar below settles it
        best_topic = max(TOPICS, key=topic_scores.get)
        introduction = not evidence.asks and (best == "greeting" and len(tokens) > INTRODUCTION_TOKENS or (
            _greets_and_tells(hits, tokens) and not self._grammar.question & set(tokens)))  # not "yo what's the bag on this job"
        best = "greeting" if introduction else best  # "Hello! I'm a counselor with a few questions.", "good morning! just clocked out of a night shift"
        if best in SMALL_TALK and not introduction and topic_scores[best_topic] >= max(CONFIDENCE_FLOOR, _small_talk_bar(best, topic_scores[best], tokens, hits)):
            best = best_topic
        unsupported = self._unsupported_detail(hits, tokens, scores, evidence.weights, evidence.anchored)
        if unsupported and unsupported.name == PLACE and evidence.amount:
            unsupported = None  # "I'm a manager at a clinic in Texas and I make 105k": where the asker works, their pay to compare
        if unsupported:
            return Match(OUT_OF_SCOPE, 0.9, (OUT_OF_SCOPE,), slots_for(unsupported.topic, evidence.slots), reason="unsupported",
                         detail=unsupported.name, unsupported=unsupported, **base)
        small_talk_wrapping = best in SMALL_TALK and (scores.get(OUT_OF_SCOPE, 0.0) >= SPECIFIC_WEIGHT
                                                      or not (_said_as_such(evidence.neighbours, best) or _small_talk_shaped(best, hits, tokens)))
        if small_talk_wrapping or self._is_assistant_command(tokens, hits, scores) or confidences.get(OUT_OF_SCOPE, 0.0) >= topic_scores[best]:
            return Match(OUT_OF_SCOPE, max(confidences.get(OUT_OF_SCOPE, 0.0), 1 - topic_scores[best]), (OUT_OF_SCOPE,), {}, reason="unrelated", **base)
        if topic_scores[best] < CONFIDENCE_FLOOR:
            return Match(OUT_OF_SCOPE, 1 - topic_scores[best], (OUT_OF_SCOPE,), {}, reason="no_match", **base)
        best = self._agreed_rival(evidence, best, topic_scores) or best
        best = _named_over_frame(best, hits, scores, topic_scores)
        best = _named_over_overview(best, hits, scores, topic_scores)
        asked = self._asked_scores(evidence)
        best = _asked_over_asker(best, scores, asked)
        best = _named_over_purpose(best, hits, tokens, topic_scores)
        intents = _all_intents(best, asked, evidence.first_seen)
        scene_only = self._only_setting_the_scene(hits, tokens) if len(intents) > 1 else set()
        first_asked = tuple(label for label in intents if label not in scene_only)  # not "before I commit to a master's program, ..."
        best = best if best == "salary" and evidence.amount else _primary(best, first_asked, topic_scores)  # "I make 130k. would becoming one mean more?"
        intents = first_asked + tuple(label for label in intents if label in scene_only) if first_asked else intents
        framed = self._object_over_frame(best, hits, topic_scores)
        if framed != best:
            best, intents = framed, (framed,) + tuple(label for label in intents if label not in (best, framed))
        intents = _opened_with(hits) + intents if best in TOPICS else intents
        return Match(best, round(topic_scores[best], 3), intents, slots_for_intents(intents, evidence.slots), **base)

    def _object_over_frame(self, best: str, hits: list[Hit], topic_scores: dict[str, float]) -> str:
        """"Are they in charge of drawing up backup plans?": what they are in charge of names the topic, not the frame around it."""
        frames = [hit for hit in hits if hit.kind == "keyword" and hit.target == best and tuple(hit.phrase.split()) in self._grammar.frames]
        for frame in frames:
            objects = [hit.target for hit in hits if hit.kind == "keyword" and hit.target in TOPICS and hit.target != best
                       and frame.end <= hit.start <= frame.end + FRAME_OBJECT_WORDS and topic_scores.get(hit.target, 0.0) >= CONFIDENCE_FLOOR]
            if objects:
                return objects[0]
        return best

    def _near_pay_word(self, slot: Hit, hits: list[Hit]) -> bool:
        """A pay level next to a verb of earning or a specific pay word ("make late in their career"), not "how much experience"."""
        return any(hit.kind == "keyword" and hit.target == "salary" and (hit.phrase in self._grammar.errand_verbs or hit.weight >= SPECIFIC_WEIGHT)
                   and abs(hit.start - slot.start) <= 5 for hit in hits)

    def _keyword_scores(self, hits: list[Hit], weights: list[float], tokens: list[str], anchored: bool,
                        stated_pay: bool) -> tuple[dict[str, float], dict[str, tuple[str, ...]], dict[str, int]]:
        """Sum keyword weights per intent; "my paycheck", "my schedule" count only when the career is in view.

        Beside a stated pay, the asker's own job says who is comparing, not what is asked ("I'm at 140k as a practice mgr").
        """
        scores: dict[str, float] = defaultdict(float)
        evidence: dict[str, list[str]] = defaultdict(list)
        first_seen: dict[str, int] = {}
        pay_words = {index for hit in hits if hit.kind == "keyword" and hit.target == "salary" for index in range(hit.start, hit.end)}
        pay_terms = {index for hit in hits if hit.kind == "slot" and hit.target.startswith("period=")
                       and (hit.end - hit.start > 1 or hit.start - 1 in pay_words or hit.end in pay_words)
                       for index in range(hit.start, hit.end)}  # "per hour", or "$/hr": the hour of a wage, not long hours
        # "What do people earn when they first step into this role": the pay at that point, not how to get there.
        pay_terms |= {index for hit in hits if hit.kind == "slot" and hit.target.startswith("level=") and hit.end - hit.start > 1
                      and any(abs(index - hit.start) <= 5 for index in pay_words) for index in range(hit.start, hit.end)}
        keywords = [hit for hit in hits if hit.kind == "keyword"]
        longer = [hit for hit in keywords if hit.end - hit.start > 1]
        aside = self._set_aside(tokens)
        asked = {hit.target for hit in keywords if hit.target in TOPICS and hit.start not in aside}
        for hit in keywords:
            if hit.phrase in evidence[hit.target] or _inside_other_topic(hit, longer):
                continue
            if hit.start in aside and hit.target in TOPICS and hit.target not in asked and asked:
                continue  # "leaving the money side aside, what abilities ...", but not "what else besides internships?"
            if stated_pay and hit.target != "salary" and self._describes_self(tokens, hit.start, hit.end):
                continue
            if hit.target != "salary" and all(index in pay_terms for index in range(hit.start, hit.end)):
                continue
            if not anchored and hit.target in TOPICS and hit.start > 0 and tokens[hit.start - 1] in self._grammar.possessives \
                    and hit.end - hit.start < PHRASE_PAST_POSSESSIVE:
                continue  # "my paycheck" is the asker's own affair, but "would my money worries finally be over" pictures the job
            if hit.target in TOPICS and hit.end == len(tokens) and tokens[-1] == "about" and tokens[-2:-1] != ["all"]:
                continue  # "what stuff can you tell me about": about nothing in particular, unlike "what's this gig all about"
            stated = hit.start > 0 and tokens[hit.start - 1] == "i"  # "I earn 110 000": the asker's pay, not "pay 500 on my card"
            if hit.phrase in self._grammar.errand_verbs and tokens[hit.end:hit.end + 1] and hit.end not in pay_terms and (
                    tokens[hit.end] in self._grammar.errand_objects or (tokens[hit.end].isdigit() and not stated)):
                continue
            weight = weights[min(hit.start, len(weights) - 1)]
            scores[hit.target] += hit.weight * weight
            evidence[hit.target].append(hit.phrase)
            # Where a topic is first asked about; background sentences of a ramble count only after every question.
            first_seen[hit.target] = min(first_seen.get(hit.target, len(tokens) * 2), hit.start + (0 if weight == 1.0 else len(tokens)))
        if "getting_started" in scores and len(scores) > 1:
            self._drop_scene_setting(keywords, tokens, scores, evidence)
        return dict(scores), {label: tuple(found) for label, found in evidence.items() if found}, first_seen

    def _set_aside(self, tokens: list[str]) -> set[int]:
        """Positions of the words set aside: up to four before "aside" ("the money side aside"), up to four after "aside from"."""
        positions: set[int] = set()
        if not self._aside_openers.intersection(tokens):
            return positions
        for start in self._grammar.contains(tokens, self._grammar.set_aside):
            if tokens[start] == "aside" and tokens[start + 1:start + 2] != ["from"]:
                positions.update(range(max(0, start - 4), start))
            else:
                length = 2 if tokens[start + 1:start + 2] in (["from"], ["than"]) else 1
                positions.update(range(start + length, min(len(tokens), start + length + 4)))
        return positions

    def _drop_scene_setting(self, keywords: list[Hit], tokens: list[str], scores: dict[str, float], evidence: dict[str, list[str]]) -> None:
        """"Who would I be answering to if I landed this job": "landed" sets the scene for the question, it does not ask how to land it."""
        starts = self._grammar.contains(tokens, self._grammar.conditions)
        for hit in keywords:
            scene = any(0 < hit.start - start <= 3 for start in starts)
            if scene and hit.target == "getting_started" and hit.phrase in evidence[hit.target] and any(
                    label in TOPICS and label != hit.target and score > 0 for label, score in scores.items()):
                scores[hit.target] -= hit.weight
                evidence[hit.target].remove(hit.phrase)
                if scores[hit.target] <= 0:
                    del scores[hit.target]

    def _only_setting_the_scene(self, hits: list[Hit], tokens: list[str]) -> set[str]:
        """Topics named only just after "if I", "before I" ("before I commit two years to a master's program, are these roles growing?"),
        or just before "but what ..." ("everybody hypes up the money, but what's the catch")."""
        starts = [start for start in self._grammar.contains(tokens, self._grammar.conditions) if tokens[start - 1:start] != ["what"]]  # "what if I do an MBA" asks
        scenes = [(start, self._scene_end(tokens, start)) for start in starts]
        scenes += [(index - SCENE_WORDS - 1, index) for index, token in enumerate(tokens[:-1])
                   if token == "but" and tokens[index + 1] in self._grammar.question]  # "everybody hypes up the money, but what's the catch"
        named: dict[str, bool] = {}
        for hit in hits:
            if hit.kind == "keyword" and hit.target in TOPICS:
                named[hit.target] = named.get(hit.target, True) and any(start < hit.start < end for start, end in scenes)
        return {label for label, in_scene in named.items() if in_scene}

    def _scene_end(self, tokens: list[str], start: int) -> int:
        """Where a scene opened at `start` ends: SCENE_WORDS on, or sooner at a question word ("if I landed this, could I afford a house")."""
        limit = min(start + SCENE_WORDS + 1, len(tokens))
        return next((index for index in range(start + 2, limit) if tokens[index] in self._grammar.question), limit)

    def _asked_about_other_career(self, hits: list[Hit], tokens: list[str], scores: dict[str, float], weights: list[float]) -> Hit | None:
        """The other occupation the message asks about, or None when it names one only as the asker's own."""
        career_named = any(hit.kind == "career" for hit in hits)
        ours_named = career_named or points_at_this(tokens) or any(hit.kind == "anchor" and hit.phrase.split()[0] in ("this", "these") for hit in hits)
        titles = {hit.start for hit in hits if hit.kind == "occupation_head"}
        inside = {index for hit in hits if hit.kind == "occupation" for index in range(hit.start, hit.end)}
        ours_mentioned = ours_named or any(hit.kind == "anchor" and hit.phrase.split()[0] not in THIRD_PERSON and hit.end not in titles
                                           and hit.start not in inside for hit in hits)  # "director" in "director of rehabilitation" is theirs
        moving_in = career_named and scores.get("getting_started", 0.0) >= 2.5
        stepping = {index for hit in hits if hit.kind == "stepping_stone" for index in range(hit.start, hit.end)}
        # "Could a practice manager work their way up": moving up from a stepping stone, not asking about it.
        # "How does someone become a practice manager" is still about the stepping stone.
        becoming = {index for hit in hits if hit.kind == "stepping_stone" for index in range(max(0, hit.start - 4), hit.start)
                    if tokens[index] in self._grammar.being and not self._grammar.function_words & set(tokens[index + 1:hit.start])}
        moving_up = any(hit.kind == "keyword" and hit.target == "getting_started" and hit.weight >= 2.5 and not set(range(hit.start, hit.end)) <= stepping
                        and not becoming & set(range(hit.start, hit.end)) for hit in hits)
        ours = {index for hit in hits if hit.kind == "career" for index in range(hit.start, hit.end)}
        occupations = [hit for hit in hits if hit.kind == "occupation" and not ours & set(range(hit.start, hit.end))]
        occupations += [hit for hit in hits if hit.kind == "occupation_head" and hit.start not in ours and names_a_title(tokens, hit, self._grammar, self._own_heads)]
        correction_end = self._correction_end(tokens) or len(tokens)
        for hit in occupations:
            if any(other.start <= hit.start and other.end >= hit.end and other.end - other.start > hit.end - hit.start for other in occupations):
                continue
            if self._names_no_job_asked(hit, tokens, hits):
                continue
            if hit.kind == "occupation_head" and hit.target in self._own_heads and any(other.kind == "stepping_stone" and other.end == hit.start for other in hits):
                continue  # "practice manager -> director": from the stepping stone to our title
            stone = next((other for other in hits if other.kind == "stepping_stone" and other.start <= hit.start < other.end), None)
            if stone and (ours_named or moving_up) and not self._asked_outright(tokens, stone.start):  # not "how much does a practice manager make"
                continue
            pointed_at = not ours_named and self._grammar.ends_pointing_back(tokens)  # "... What's the pay like there?"
            corrected_to = hit.start >= correction_end  # "... never mind them, I'm really asking about pharmacists"
            in_background = weights[min(hit.start, len(weights) - 1)] < 1 and not pointed_at and not corrected_to \
                and (ours_mentioned or not asks_about_them(tokens, weights, self._grammar))
            if moving_in or in_background or self._describes_self(tokens, hit.start, hit.end) or (
                    is_object(tokens, hit.start, self._grammar) and not self._paid_one(hit, tokens, hits)):
                continue
            compared = self._grammar.comparisons & set(tokens[max(0, hit.start - 6):hit.end + 6])  # not "... if that's true or ..." far away
            their_pay = any(other.kind == "keyword" and other.target == "salary" and other.start == hit.end and other.weight >= SPECIFIC_WEIGHT for other in hits)
            if ours_named and not compared and not their_pay and not self._asked_outright(tokens, hit.start):
                continue  # but "how is that different from a director of nursing's salary?" asks the other job's pay
            return hit
        return None

    def _paid_one(self, hit: Hit, tokens: list[str], hits: list[Hit]) -> bool:
        """"How many money a veterinarian earns": a pay word right before the job (past its article) makes it the one paid,
        not staff counted or worked with."""
        before = self._grammar.past_articles(tokens, hit.start - 1)
        return before < hit.start - 1 and any(other.kind == "keyword" and other.target == "salary" and other.end == before + 1 for other in hits)

    def _asked_outright(self, tokens: list[str], start: int) -> bool:
        """"..., but what does a director of nursing get paid?": the job is the subject of the question, whatever else is named."""
        index = self._grammar.past_articles(tokens, start if tokens[start] in ("doe", "do") else start - 1)  # the phrase may hold the verb: "does a PT"
        return index > 0 and tokens[index] in ("doe", "do") and tokens[index - 1] in ("what", "much")

    def _names_no_job_asked(self, hit: Hit, tokens: list[str], hits: list[Hit]) -> bool:
        """An occupation that is a thing, a trait of ours or someone in the asker's life, not the job asked about.

        "The nurse schedule", "the boss of the doctors", "is this basically a doctor job", "my cardiologist
        told me", "does a physician background count".
        """
        if any(keyword.kind == "keyword" and keyword.target in TOPICS + SMALL_TALK and keyword.start <= hit.start and keyword.end >= hit.end
               and keyword.end - keyword.start > hit.end - hit.start
               and (keyword.start == hit.start or keyword.target in SMALL_TALK
                    or (keyword.target in _WHAT_IT_IS and keyword.weight >= SPECIFIC_WEIGHT and tokens[keyword.start] not in self._grammar.being))
               for keyword in hits):
            return True
        if "who" in tokens and any(start <= hit.start < start + 3 for start in self._grammar.contains(tokens, self._grammar.superiors)):
            return True  # "who is their direct manager?": whoever sits above the director
        before = self._grammar.past_articles(tokens, hit.start - 1)
        if self._grammar.ends_with(tokens[:before + 1], self._grammar.contrasts):
            return True  # "... the admin side too, not just doctors?"
        if self._asks_if_required(tokens, before) or self._asks_what_ours_are(tokens, before):
            return True  # "do they have to be physicians?", "are they doctors though?": a requirement or trait of ours
        texted_for = tokens[hit.start - 1:hit.start] == ["4"] and hit.start > 1 and tokens[hit.start - 2].isalpha()  # "salary 4 pharmacist"
        if hit.start > 0 and any(char.isdigit() for char in tokens[hit.start - 1]) and not texted_for:
            return True  # "I'm on 140k rn" (right now), "3 nurses": after a figure, not a job asked about
        if self._likened_to(hit, tokens, hits) or self._kind_of_ours(hit, tokens, hits):
            return True
        if _after_stated_pay(tokens, hit.start):
            return True
        after_article = before < hit.start - 1
        for _ in range(3):  # "is this basically a doctor job", "my old manager"
            if before >= 0 and not after_article and (tokens[before] in self._grammar.possessives or tokens[before] in _OTHERS_POSSESSIVE):
                return True  # not "my cousin's a hygienist"
            if before >= 0 and (tokens[before] in ("this", "it") or any(other.kind == "career" and other.end == before + 1 for other in hits)):
                return after_article
            if before < 0 or not tokens[before].isalpha() or tokens[before] in self._grammar.being or tokens[before] in self._grammar.works_with \
                    or tokens[before] == "and" or tokens[before] in self._grammar.comparisons:
                break
            before -= 1
        return bool(self._grammar.not_the_job_after & set(tokens[hit.end:hit.end + 1]))  # "recruiter here", "a recruiter number"

    def _asks_if_required(self, tokens: list[str], before: int) -> bool:
        """"Do they have to be physicians?", "do I need to be an actual physician?": a yes-or-no question whether ours requires the job.

        Not "what degree do you need to be a pharmacist", which asks about the pharmacist. `before` is the last word before
        the occupation, past its article.
        """
        past_modifier = self._grammar.past_articles(tokens, before - 1)  # "an actual physician"
        for end in (before + 1, past_modifier + 1):
            for phrase in self._grammar.requirements:
                start = end - len(phrase)
                asker = tokens[0] in ("do", "doe") and tokens[1] in THIRD_PERSON | {"i", "you"}
                if start == 2 and tuple(tokens[start:end]) == phrase and (asker or tokens[:2] == ["is", "it"]):
                    return True
        return False

    def _asks_what_ours_are(self, tokens: list[str], before: int) -> bool:
        """"Are they doctors though?", "are some of them actually physicians too?": whether ours are of that job.

        Only when the question opens on "are" and nothing but "they"/"them" and small words stand before the occupation.
        """
        between = tokens[1:before + 1]
        return tokens[:1] == ["are"] and bool({"they", "them"} & set(between)) and all(token in self._grammar.function_words or token == "of" for token in between)

    def _kind_of_ours(self, hit: Hit, tokens: list[str], hits: list[Hit]) -> bool:
        """"This job is doctor or office person?", "clinical ops director - manager or clinician?": what kind of job ours is.

        The occupation is one side of an "or", or qualifies a job noun ("not a doctor job"), after ours is named.
        """
        if self._grammar.comparisons - {"or"} & set(tokens):
            return False  # "does this pay more than a doctor or a nurse"
        before = hit.start - 1
        while before >= 0 and tokens[before] in self._grammar.articles | {"more", "of", "just"}:
            before -= 1
        alternative = tokens[hit.end:hit.end + 1] == ["or"] or (before >= 0 and tokens[before] == "or") or tokens[hit.start] == "or"  # "doctor or manager"
        kind_of_job = tokens[hit.end:hit.end + 1] != [] and tokens[hit.end] in self._grammar.job_nouns
        named = [other.end for other in hits if other.kind == "career" and other.end <= hit.start]
        named += [index + 1 for index, token in enumerate(tokens[:hit.start]) if token in ("this", "it", "he", "she", "they")]
        becoming = self._grammar.being - {"is", "are", "was", "were"}  # not "is it smarter to become a data analyst or ..."
        return (alternative or kind_of_job) and any(not becoming & set(tokens[end:hit.start]) for end in named)

    def _likened_to(self, hit: Hit, tokens: list[str], hits: list[Hit]) -> bool:
        """"Is this like a hospital COO?", "so closer to a nurse manager or to a CEO?": another job that ours is likened to."""
        spans = [(start, start + len(phrase)) for start in self._grammar.contains(tokens, self._grammar.likenings) for phrase in self._grammar.likenings
                 if start < hit.start and tuple(tokens[start:start + len(phrase)]) == phrase]
        if not spans:
            return False
        start, end = max(spans)
        nearest = max([index for index in range(end, hit.start) if tokens[index] == "or"], default=end)  # "closer to a nurse manager or a CEO"
        being_it = tokens[start:end] == ["like"] and self._grammar.being & set(tokens[end:hit.start]) - {"to"}  # "or to a CEO"
        being_it = being_it and all(other_end != start for _, other_end in spans)  # but "is this basically like being a nurse manager?" likens
        if hit.start - nearest > 4 or being_it:
            return False  # not "what's it like being an EMT": what that job is like (but "different from being a CEO" compares)
        ours = [other.end for other in hits if other.kind == "career"] + [index + 1 for index, token in enumerate(tokens) if token in ("this", "it", "they", "their")]
        return any(own_end <= end for own_end in ours)  # ours before the other job: "the difference between this and a ..."

    def _agreed_rival(self, evidence: Evidence, best: str, topic_scores: dict[str, float]) -> str:
        """A close runner-up that both the nearest example and the words taken together point at wins over keywords alone."""
        closest = max(evidence.neighbours.values(), key=lambda neighbour: neighbour.similarity, default=None)
        if best not in TOPICS or closest is None or closest.label == best or closest.label not in TOPICS or closest.similarity < AGREEMENT_EXAMPLE:
            return ""
        if topic_scores.get(closest.label, 0.0) < max(CONFIDENCE_FLOOR, topic_scores[best] - AGREEMENT_MARGIN):
            return ""
        if _strongest(evidence.hits, best) > SPECIFIC_WEIGHT + 0.5 and _strongest(evidence.hits, closest.label) < TERSE_KEYWORD:
            return ""  # "how much school r we talkin": a topic's own phrase beats an example that shares only the sentence's frame
        named_only = closest.label == "overview" and best == "salary" and _strongest(evidence.hits, best) > 0 and any(hit.kind == "career" for hit in evidence.hits)
        if named_only or ("overview" in (closest.label, best) and (_strongest(evidence.hits, best) >= SPECIFIC_WEIGHT or (best == "salary" and evidence.slots))):
            return ""  # "tell me about the upsides", "what do clinical ops directors make": a topic's word beats an example sharing only the name
        posteriors = {label: value for label, value in self._word_model.posteriors(evidence.tokens).items() if label in TOPICS}
        return closest.label if posteriors and max(posteriors, key=posteriors.get) == closest.label else ""

    def _asked_scores(self, evidence: Evidence) -> dict[str, float]:
        """Keyword scores without the words that say who is asking ("as a practice manager, how do I compare")
        or that belong to a longer slot phrase ("experience" in "the experienced ones": a pay level).

        Only a score that could make a second topic (MULTI_INTENT_WEIGHT or more) is worth the look.
        """
        scores = dict(evidence.scores)
        for hit in evidence.hits:
            if hit.kind != "keyword" or scores.get(hit.target, 0.0) < MULTI_INTENT_WEIGHT:
                continue
            if _inside_slot_of_other_topic(hit, evidence.hits) or self._describes_self(evidence.tokens, hit.start, hit.end):
                scores[hit.target] -= hit.weight
        return scores

    def _describes_self(self, tokens: list[str], start: int, end: int, gap: int = SELF_DESCRIBED_GAP) -> bool:
        """"I'm an ER nurse", "as a practice manager", "RN here": the asker's own job, not the one asked about.

        At most `gap` words stand between the self-description and the job ("I'm a night shift ER nurse").
        """
        if tokens[end:end + 1] in (["here"], ["myself"]) or tokens[end:end + 2] == ["like", "me"] or (tokens[end:end + 1] == ["from"] and "here" in tokens[end + 2:end + 4]):
            return True  # "RN here", "an office manager like me", "nurse from Ohio here"
        for length in range(1, 5):
            for skip in range(gap + 1):
                stop = start - skip
                if stop - length >= 0 and tuple(tokens[stop - length:stop]) in self._self_description:
                    if self._grammar.ends_with(tokens[:stop], self._grammar.likenings):
                        return False  # "how is that different from a director of nursing": compared, not the asker's own past
                    asked_as = any(self._grammar.ends_with(tokens[:cut], self._grammar.asked_as) for cut in (stop - length, stop - length + 1))
                    return not (tokens[stop - length] == "as" and (asked_as or self._imagined_as(tokens, stop - length, end)))  # "a career as a ..." includes its "as"
        return False

    def _imagined_as(self, tokens: list[str], as_at: int, end: int) -> bool:
        """"Could I afford a house working as a medical assistant?": a hypothetical question ending on "as a ..." imagines that job.

        Not "would I still be hiring people like I do now as an office manager?", which says what the asker does.
        """
        return end == len(tokens) and tokens[0] in self._grammar.hypotheticals and tokens[1:2] in (["i"], ["you"]) and not (
            {"i", "am", "was"} & set(tokens[2:as_at]))

    def _unsupported_detail(self, hits: list[Hit], tokens: list[str], scores: dict[str, float], weights: list[float], anchored: bool) -> Unsupported | None:
        """A detail the profile does not give, asked about this career (not in a sentence of background)."""
        topic = max((scores.get(label, 0.0) for label in TOPICS), default=0.0)
        if scores.get(OUT_OF_SCOPE, 0.0) > topic or (not anchored and topic < 2):
            return None  # "is it gonna be hot in miami": the weather, not pay in Miami
        keywords = [hit for hit in hits if hit.kind == "keyword" and hit.target in TOPICS]
        asked = max(TOPICS, key=lambda label: scores.get(label, 0.0))
        questions = [index for index, token in enumerate(tokens) if token in self._grammar.question]
        for hit in hits:
            if hit.kind != "unsupported":
                continue
            local = asked in _LOCAL_TOPICS and not self._grammar.ends_with(tokens, self._grammar.own_scope)  # "I'm a billing specialist in Atlanta: the salary in the US?"
            if hit.target in (PLACE, REGION) and not local and self._lives_there(hit, tokens, scores.get(asked, 0.0) > 0):
                continue  # "I am from Brazil, what studies do I need", "in my country we don't have this title": only pay and demand differ by place
            if self._weighed_as_other_topic(hit, hits, asked):
                continue  # "is the cost of all the schooling a downside?": the profile weighs that cost among the cons
            pointed_at = hit.target in (PLACE, REGION) and self._grammar.ends_pointing_back(tokens)  # "I'm an RN in Ohio. what's the salary there?"
            if not pointed_at and not _near_what_is_asked(hit, tokens, [keyword for keyword in keywords if keyword.target == asked], questions):
                continue  # "my cousin keeps posting on LinkedIn about her new job ... what does she do all week?"
            if (weights[min(hit.start, len(weights) - 1)] == 1.0 or pointed_at) and not _inside_other_topic(hit, keywords):
                return self._in_place(self._unsupported[hit.target], scores)  # not "does getting qualified cost a lot of time and money"
        if scores.get("salary", 0.0) >= 2 and self._names_a_place(tokens):
            return self._unsupported[PLACE]
        return None

    def _weighed_as_other_topic(self, detail: Hit, hits: list[Hit], asked: str) -> bool:
        """A detail asked in the terms of a topic whose answer covers it: "is the cost of the schooling a downside?"."""
        return asked in self._unsupported[detail.target].answered_by and _strongest(hits, asked) >= SPECIFIC_WEIGHT

    def _lives_there(self, place: Hit, tokens: list[str], topic_asked: bool) -> bool:
        """"I am from Brazil", "in my country", "a client in Sacramento": where the asker, or whoever they ask for, lives."""
        someone_there = tokens[place.start - 1:place.start] in (["in"], ["from"]) and place.start > 1 and tokens[place.start - 2] in self._grammar.asked_for
        own_job_there = self._describes_self(tokens, place.start, place.end, gap=SELF_DESCRIBED_PLACE)  # "I'm a billing specialist in Atlanta"
        return own_job_there or ("my" in tokens[place.start:place.end] and topic_asked) or someone_there

    def _in_place(self, detail: Unsupported, scores: dict[str, float]) -> Unsupported:
        """"Same growth in Brazil?": a place asked about with another topic than pay is the US-only caveat for that topic."""
        asked = max(TOPICS, key=lambda label: scores.get(label, 0.0))
        if detail.name != PLACE or "salary" in scores or REGION not in self._unsupported or scores.get(asked, 0.0) <= 0:
            return detail
        return replace(self._unsupported[REGION], topic=asked)

    def _names_a_place(self, tokens: list[str]) -> bool:
        """"What's the salary in Manila": a last word we do not know, after "in", is a place the profile has no figures for."""
        return len(tokens) > 1 and tokens[-2] in self._grammar.place_prepositions and tokens[-1].isalpha() and tokens[-1] not in self._our_words

    def _is_assistant_command(self, tokens: list[str], hits: list[Hit], scores: dict[str, float]) -> bool:
        """"Set a timer", "please book me a flight", "I need to schedule a meeting": an errand, not a question."""
        for prefix in self._grammar.request_openings:
            if tuple(tokens[:len(prefix)]) == prefix:
                tokens = tokens[len(prefix):]
                break
        if len(tokens) < 2 or tokens[0] not in self._commands or tokens[1] not in self._grammar.command_objects:
            return False
        career_named = any(hit.kind == "career" for hit in hits)
        return not career_named and max((scores.get(label, 0.0) for label in TOPICS), default=0.0) < 3


def _confidences(scores: dict[str, float], neighbours: dict[str, Neighbour], anchored: bool) -> dict[str, float]:
    """Keyword evidence and example similarity, each turned into [0, 1] and combined as a noisy-or."""
    confidences: dict[str, float] = {}
    for label, score in scores.items():
        confidences[label] = score / (score + 2.0)
    for label, neighbour in neighbours.items():
        floor = SMALL_TALK_EXAMPLE_FLOOR if label in SMALL_TALK else EXAMPLE_FLOOR
        sure = ANCHORED_EXAMPLE_SURE if anchored and label in TOPICS else EXAMPLE_SURE
        from_example = min(1.0, max(0.0, (neighbour.similarity - floor) / (sure - floor)))
        if from_example:
            keyword = confidences.get(label, 0.0)
            confidences[label] = 1 - (1 - keyword) * (1 - 0.8 * from_example)
    if anchored:
        for label in TOPICS:
            if label in confidences:
                confidences[label] = min(1.0, confidences[label] + 0.08)
    return {label: round(value, 3) for label, value in confidences.items()}


def _small_talk_bar(label: str, score: float, tokens: list[str], hits: list[Hit]) -> float:
    """How sure a topic must be to win over small talk in the same message.

    A greeting before a question or a topic's word gives way to it ("hey so what even is a director of clinical
    operations", "hi, salary?"); help gives way only to a topic more likely than itself, since asking what the bot
    covers reads like a topic question ("what can you tell me about?"); thanks and goodbyes give way to
    a topic nearly as likely ("thanks, and the salary?").
    """
    if label == "greeting" and (len(tokens) > TERSE_TOKENS or _named_after_greeting(hits)):
        return CONFIDENCE_FLOOR  # also "hi, salary?"
    if label == "help":
        return score + 0.001
    return score - CLOSE_MARGIN


def _named_after_greeting(hits: list[Hit]) -> bool:
    """"Hi, salary?": a topic's own word after the greeting."""
    greeted = [hit.end for hit in hits if hit.kind == "keyword" and hit.target == "greeting"]
    return bool(greeted) and any(hit.kind == "keyword" and hit.target in TOPICS and hit.start >= max(greeted) for hit in hits)


def _said_as_such(neighbours: dict[str, Neighbour], label: str) -> bool:
    """A near-identical example of `label` ("how to use this bot" for help): said in a way we know, whatever its words."""
    return label in neighbours and neighbours[label].similarity >= EXAMPLE_SURE


def _strongest(hits: list[Hit], label: str) -> float:
    return max((hit.weight for hit in hits if hit.kind == "keyword" and hit.target == label), default=0.0)


def _greets_and_tells(hits: list[Hit], tokens: list[str]) -> bool:
    """"Hey! night shift nurse here": a greeting, then a few words about the asker with no topic's own phrase, asks nothing yet."""
    greeted = _opened_with(hits) == ("greeting",)
    return greeted and len(tokens) > TERSE_TOKENS and max((_strongest(hits, label) for label in TOPICS), default=0.0) < SPECIFIC_WEIGHT


def _only_inside_slots(label: str, hits: list[Hit]) -> bool:
    """Every keyword of `label` lies inside another topic's longer slot phrase ("experienced" in "the experienced ones")."""
    own = [hit for hit in hits if hit.kind == "keyword" and hit.target == label]
    return bool(own) and all(_inside_slot_of_other_topic(hit, hits) for hit in own)


def _inside_slot_of_other_topic(keyword: Hit, hits: list[Hit]) -> bool:
    """"Experienced" in "the experienced ones" (a pay level), not "rate" in "hourly rate" (salary's own slot)."""
    return any(slot.kind == "slot" and _slot_owner(slot) != keyword.target and slot.start <= keyword.start
               and keyword.end <= slot.end and slot.end - slot.start > keyword.end - keyword.start for slot in hits)


def _slot_owner(slot: Hit) -> str:
    """The topic a slot refines: "level=senior" salary, "side=cons" pros and cons."""
    name = slot.target.split("=")[0]
    return next(topic for topic, names in TOPIC_SLOTS.items() if name in names)


def _opened_with(hits: list[Hit]) -> tuple[str, ...]:
    """"Hi! what does this job involve?", "thanks. also, the total pay?": the greeting or thanks that opens a question."""
    return tuple(dict.fromkeys(hit.target for hit in hits if hit.kind == "keyword" and hit.target in _OPENINGS and hit.start == 0
                               and hit.weight >= TERSE_KEYWORD))  # not the "start" of "starting pay?"


def _named_over_overview(best: str, hits: list[Hit], scores: dict[str, float], topic_scores: dict[str, float]) -> str:
    """"Tell me about the salary": a word that names a topic beats the overview's generic framing."""
    if best != "overview" or scores.get("overview", 0.0) >= GENERIC_FRAMING:
        return best
    named = [label for label in TOPICS if label != "overview" and _strongest(hits, label) >= SPECIFIC_WEIGHT and topic_scores.get(label, 0.0) >= CONFIDENCE_FLOOR]
    return max(named, key=topic_scores.get) if named else best


def _near_what_is_asked(detail: Hit, tokens: list[str], asked: list[Hit], questions: list[int]) -> bool:
    """In a long message a detail the profile lacks is asked about only near the words of the topic asked or just after a
    question word ("... can a director work fully remotely?"); further off it is background."""
    if len(tokens) <= DETAIL_MESSAGE_TOKENS:
        return True
    return any(keyword.start - DETAIL_REACH <= detail.start and detail.end <= keyword.end + DETAIL_REACH for keyword in asked) \
        or any(question <= detail.start <= question + DETAIL_REACH for question in questions)


def _inside_other_topic(hit: Hit, keywords: list[Hit]) -> bool:
    """"Who hires" asks about demand: its "hire" is not also a question about duties."""
    return any(other.target != hit.target and other.start <= hit.start and other.end >= hit.end and other.end - other.start > hit.end - hit.start
               for other in keywords)


def _inside_other_phrase(slot: Hit, hits: list[Hit]) -> bool:
    """"How do I get started": a pay level's word inside another topic's own phrase names no pay level."""
    if slot.kind != "slot":
        return False
    owner = _slot_owner(slot)
    phrases = [hit for hit in hits if hit.kind == "keyword" and hit.target in TOPICS and hit.target != owner and hit.weight >= SPECIFIC_WEIGHT]
    return _inside_other_topic(slot, phrases)


def _topic_besides(occupation: Hit, hits: list[Hit]) -> str:
    """What "what does a hospital CEO make" asks, leaving out the occupation's own words ("CEO" also names an overview fact)."""
    weights: dict[str, tuple[float, int]] = {}
    for hit in hits:
        if hit.kind == "keyword" and hit.target in TOPICS and (hit.end <= occupation.start or hit.start >= occupation.end):
            weights[hit.target] = max(weights.get(hit.target, (0.0, 0)), (hit.weight, hit.start))
    return max(weights, key=weights.get) if weights else ""  # on equal weight, the later word: "what's a nurse educator *make*"


_TITLE = "director"
"""The bare title as the anchor phrases fold it ("directors" included)."""
_LOCAL_TOPICS = {"salary", "outlook"}
"""Topics whose answer depends on the place ("I'm from Nigeria, is the job growing there?")."""
_NEVER_ASKED = ("thanks", "goodbye")
_OPENINGS = ("greeting", "thanks")
"""Small talk that may open a question, acknowledged before the answer."""
_WHAT_IT_IS = ("overview", "education", "outlook")
"""Topics whose phrases may name a job as part of what ours is or needs ("the boss of the doctors", "an actual doctor");
the outlook's own figure is for "medical directors"."""
_OTHERS_POSSESSIVE = {"his", "her", "your"}


def _small_talk_shaped(label: str, hits: list[Hit], tokens: list[str]) -> bool:
    """Small talk is short, or opens or closes with it ("thanks for all your help"), not buried in a request.

    A bare "help" is not enough: "help me find my phone" is an errand, "what can you help me with" is not.
    """
    if len(tokens) <= 4:
        return True
    own = [hit for hit in hits if hit.kind == "keyword" and hit.target == label]
    if any(hit.weight >= UNMISTAKABLE_SMALL_TALK for hit in own):
        return True
    at_edge = [hit for hit in own if hit.start <= 1 or hit.end >= len(tokens) - 1]
    return any(hit.weight >= SPECIFIC_WEIGHT or label != "help" for hit in at_edge)


def _require_specific_evidence(confidences: dict[str, float], hits: list[Hit], tokens: list[str], scores: dict[str, float],
                               neighbours: dict[str, Neighbour], stated_pay: bool, words: FoldedGrammar, posteriors: dict[str, float]) -> None:
    """Without a word pointing at the career, generic words ("money", "hours", "schedule") are not enough.

    "What are my hours this week" or "how do I make money" use our vocabulary about something else;
    a topic then needs one specific keyword (weight SPECIFIC_WEIGHT or more), a lot of evidence, or a
    close example. Questions about the asker's own pay or diary ("when do I get paid") need the career named.
    """
    strongest: dict[str, float] = defaultdict(float)
    for hit in hits:
        if hit.kind == "keyword":
            strongest[hit.target] = max(strongest[hit.target], hit.weight)
    # "What would I get paid", "am I gonna be rolling in it", "do I have to sit in meetings": the asker imagines the job, not their own diary.
    self_questions = [index for index in words.contains(tokens, words.about_oneself)
                      if (index == 0 or tokens[index - 1] not in words.hypotheticals) and not _imagines(tokens, index, words)]
    asks_for_source = bool(words.contains(tokens, words.asks_for_source))
    # "My account", "my schedule": the asker's own affairs, unless a topic's own phrase says it ("will I ever see my kids")
    # or the question is asked for someone else ("what should my son study") or weighs the asker's qualifications ("my undergrad").
    own_affairs = [index for index, token in enumerate(tokens) if token == "my" and tokens[index + 1:index + 2] != []
                   and tokens[index + 1] not in words.asked_for | words.own_background]
    own_affairs += [len(tokens) - 1] if tokens[-1] == "my" else []
    # A salary word with a pay level or period ("total comp incl benefits?", "base for the senior folks?") is unmistakable.
    pay_slot = any(hit.kind == "slot" and hit.target.split("=")[0] in TOPIC_SLOTS["salary"] for hit in hits) and strongest["salary"] > 0

    def about_oneself(label: str) -> bool:
        asks_when = tokens[0] == "when" and tokens[1:2] != [] and tokens[1] in words.question  # "when do I get paid", not "when someone is promoted"
        return (asks_when and not asks_for_source) or any(hit.kind == "keyword" and hit.target == label and 0 < hit.start - index <= 5
                                          for hit in hits for index in self_questions)

    def stands_alone(label: str) -> bool:
        if label == "salary" and stated_pay:
            return True  # "I make 140k": the asker's pay, to compare
        if len(tokens) <= TERSE_TOKENS:
            return strongest[label] >= TERSE_KEYWORD or (label == "salary" and pay_slot)  # "how much weekly?"
        if label in _ERRAND_PRONE and about_oneself(label):
            return False
        plenty = scores.get(label, 0.0) >= PLENTY_OF_EVIDENCE
        if any(not any(hit.kind == "keyword" and hit.target == label and hit.start <= index < hit.end for hit in hits) for index in own_affairs):
            return plenty
        if label == "salary" and pay_slot:
            return True
        close = label in neighbours and neighbours[label].similarity >= EXAMPLE_CLOSE
        words_agree = posteriors.get(label, 0.0) >= WORDS_SURE
        return strongest[label] >= SPECIFIC_WEIGHT or plenty or close or words_agree

    for label in TOPICS:
        if label in confidences and not stands_alone(label):
            confidences[label] = min(confidences[label], CONFIDENCE_FLOOR - 0.01)


def _after_stated_pay(tokens: list[str], start: int) -> bool:
    """"I'm at 109k as an assistant director", "I make 140k in pharma sales": the asker's own pay and job, not the job asked about."""
    for index in range(start - 1, max(0, start - 4), -1):
        if tokens[index] in ("as", "in"):
            window = tokens[max(0, index - 4):index]  # "109k", "35 an hour", not "how 2 get hired"
            return any(stated_amount(token) for token in window) or (any(token.isdigit() for token in window) and bool({"hour", "hr"} & set(window)))
    return False


def _imagines(tokens: list[str], index: int, words: FoldedGrammar) -> bool:
    """"Am I going to be rich", "do I have to sit in meetings all day", "am I the one deciding who gets hired": the asker
    pictures the job, not their own pay or diary.

    Not "do I have to pay this month", an errand of their own.
    """
    for start in (index + 1, index + 2):
        if tokens[start:start + 2] in (["going", "to"], ["the", "one"]):
            return True
        if tokens[start:start + 2] == ["have", "to"]:
            return tokens[start + 2:start + 3] != [] and tokens[start + 2] not in words.errand_verbs
    return False


def _all_intents(best: str, scores: dict[str, float], first_seen: dict[str, int]) -> tuple[str, ...]:
    if best in SMALL_TALK:
        return (best,)
    asked = [label for label in TOPICS if label == best or scores.get(label, 0.0) >= MULTI_INTENT_WEIGHT]
    return tuple(sorted(asked, key=lambda label: first_seen.get(label, 0)))


def _asked_over_asker(best: str, scores: dict[str, float], asked: dict[str, float]) -> str:
    """"I'm a practice manager making 95k": a path topic named only by the asker's own job gives way to what is asked."""
    if best != "getting_started" or asked.get(best, 0.0) > 0 or scores.get(best, 0.0) <= 0:
        return best
    others = [label for label in TOPICS if label != best and asked.get(label, 0.0) >= MULTI_INTENT_WEIGHT]
    return max(others, key=asked.get) if others else best


def _named_over_frame(best: str, hits: list[Hit], scores: dict[str, float], topic_scores: dict[str, float]) -> str:
    """"Is this career worth getting into": a topic's own phrase beats an example that shares only the frame ("how do I get into this career").

    Applies when the best topic has no word of its own in the message, only a similar example.
    """
    if best not in TOPICS or scores.get(best, 0.0) > 0:
        return best
    named = [label for label in TOPICS if _strongest(hits, label) >= OWN_PHRASE and topic_scores.get(label, 0.0) >= CONFIDENCE_FLOOR]
    return max(named, key=topic_scores.get) if named else best


def _named_over_purpose(best: str, hits: list[Hit], tokens: list[str], topic_scores: dict[str, float]) -> str:
    """"What education do you need to become one": the path named only as the purpose gives way to the topic asked."""
    own = [hit for hit in hits if hit.kind == "keyword" and hit.target == best]
    if best != "getting_started" or not own or any(hit.start == 0 or tokens[hit.start - 1] != "to" or hit.phrase != "becom" for hit in own):
        return best
    named = [label for label in TOPICS if label != best and any(hit.end <= own[0].start for hit in hits if hit.kind == "keyword" and hit.target == label and hit.weight >= SPECIFIC_WEIGHT)
             and topic_scores.get(label, 0.0) >= CONFIDENCE_FLOOR]
    return max(named, key=topic_scores.get) if named else best


def _primary(best: str, intents: tuple[str, ...], confidences: dict[str, float]) -> str:
    """Of topics asked about equally strongly, the one asked first ("what education do I need to become one")."""
    for label in intents:
        if confidences.get(label, 0.0) >= confidences.get(best, 0.0) - CLOSE_MARGIN:
            return label
    return best


