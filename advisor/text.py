"""Turning what people type into comparable tokens: case, punctuation, slang, plurals and typos.

Typos are corrected only towards the advisor's own vocabulary, and never when the word is a real
English word: "house" must not become "hours", however close the letters are.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property
from pathlib import Path

MAX_CHARS = 2000
"""Only this many characters of a message are analysed, so that any message is answered in bounded time."""

_TOKEN = re.compile(r"(?<![a-z0-9])w/o(?![a-z0-9])|(?<![a-z0-9])w/|[a-z0-9]+(?:'[a-z]+)?|\$+|\+|&|%|/")
_IS_BEFORE = {"what", "that", "it", "there", "who", "where", "how", "here", "when", "why", "which", "this", "he", "she"}
"""Words after which "'s" means "is" ("what's"); elsewhere it is a possessive and dropped."""
_CONTRACTIONS = {"'s": "", "'re": " are", "'m": " am", "'ve": " have", "'ll": " will", "'d": " would", "n't": " not"}


def clean(text: str) -> str:
    """Lower-case, bounded, NFKC-normalised text with curly quotes and control characters made plain."""
    text = squeeze(_without_accents(unicodedata.normalize("NFKC", text[:MAX_CHARS]).lower()))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else " " for char in text)


def _without_accents(text: str) -> str:
    """"Adiós", "función", "café": the letters people type without accents too."""
    if text.isascii():
        return text
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))


def raw_tokens(text: str) -> list[str]:
    """Split cleaned text into word tokens, expanding contractions ("what's" -> "what")."""
    tokens: list[str] = []
    for token in _TOKEN.findall(text):
        if "'" in token:
            stem, _, ending = token.partition("'")
            if token.endswith("n't"):
                stem, ending = token[:-3], "n't"
            else:
                ending = "'" + ending
            tokens.append(stem)
            expansion = " is" if ending == "'s" and stem in _IS_BEFORE else _CONTRACTIONS.get(ending, "")
            tokens.extend(expansion.split())
        else:
            tokens.append(token)
    return [token for token in tokens if token]


def stem(token: str) -> str:
    """A deliberately light stemmer (plurals, -ing, -ed), applied alike to keywords and messages.

    It only has to make "meetings", "meeting" and "meet" meet; it need not produce real words.
    """
    if len(token) > 4 and token.endswith(("ies", "ches", "shes", "sses", "xes")):
        token = token[:-2]
    elif len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        token = token[:-1]
    for suffix in ("ing", "ed"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 4:
            token = token[: -len(suffix)]
            if token[-1] == token[-2] and token[-1] not in "lsz":
                token = token[:-1]
            break
    if len(token) >= 6 and token.endswith("e"):
        token = token[:-1]
    if len(token) > 3 and token.endswith("y") and token[-2] not in "aeiou":
        token = token[:-1] + "i"  # "duty" and "duties", "newbie" and "newbies" meet at "duti", "newbi"
    elif len(token) >= 5 and token.endswith("ie"):
        token = token[:-1]
    return token


_REPEATS = re.compile(r"([a-z])\1{2,}")


def squeeze(text: str) -> str:
    """Letters stretched for effect ("heyyy", "sooo good") back to their usual length."""
    return _REPEATS.sub(lambda found: found.group(1) * (2 if found.group(1) in "eo" else 1), text)


class Speller:
    """Corrects a token towards a domain vocabulary, leaving real English words alone."""

    def __init__(self, vocabulary: set[str], fallback: frozenset[str] | set[str] = frozenset()) -> None:
        """`vocabulary` wins ties; `fallback` (words of things we decline) wins when it is closer ("sciense" is "science", not "scene")."""
        self._vocabularies = [sorted(word for word in words if len(word) >= 4) for words in (vocabulary, fallback - vocabulary)]
        self._known = set(vocabulary) | set(fallback)
        self._cache: dict[str, str] = {}

    def __getstate__(self) -> dict[str, object]:
        """Pickle without the word list and the corrections seen so far: both are cheap to rebuild, costly to load."""
        return {key: value for key, value in self.__dict__.items() if key not in ("_english", "_cache")} | {"_cache": {}}

    @cached_property
    def _english(self) -> frozenset[str]:
        words = (Path(__file__).parent / "data" / "english-words.txt").read_text(encoding="utf-8")
        return frozenset(words.split())

    def correct(self, token: str) -> str:
        """The vocabulary word that `token` is a typo of, or `token` itself."""
        if token in self._known or len(token) < 4 or not token.isalpha():
            return token
        if token.endswith("in") and token + "g" in self._english:
            return token + "g"  # "makin", "bringin": the g people drop when they type as they speak
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        corrected = self._nearest(token)
        if len(self._cache) < 50_000:
            self._cache[token] = corrected
        return corrected

    def _nearest(self, token: str) -> str:
        from rapidfuzz import process  # here: most messages need no correction, and a one-shot run skips the import
        from rapidfuzz.distance import OSA

        allowed = 1 if len(token) < 7 else 2
        plausible: list[tuple[int, int, int, str]] = []
        for rank, vocabulary in enumerate(self._vocabularies):
            found = process.extract(token, vocabulary, scorer=OSA.distance, score_cutoff=allowed, limit=None)
            # People rarely get the first letter wrong: "scool" is "school", not "cool".
            plausible += [(distance, _slip(token, word), rank, word) for word, distance, _ in found if word[0] == token[0] or word[:2] == token[1::-1]]
        if not plausible or token in self._english:
            return token
        return min(plausible)[3]  # the closest word; on a tie, a dropped letter before a wrong one, then ours


def _slip(token: str, word: str) -> int:
    """How likely a slip of the fingers turns `word` into `token`: a dropped letter ("ther") before a wrong or an extra one."""
    return 0 if len(word) == len(token) + 1 else 1 if len(word) == len(token) else 2
