"""Nearest example phrasings by IDF-weighted word overlap (cosine over normalised tokens).

Keywords catch the words that name a topic; examples catch the way people phrase things ("what do
they do all day"). Rare words weigh most, so "how much money do I have in my bank account" is not
close to "how much money do they make" just because it shares "how much money". Typos are already
corrected when tokens get here, so plain set overlap is enough and stays fast.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

COMMON_SHARE = 0.08
"""Words in more than this share of the examples ("what", "the", "do") are treated as stop words."""
MOST_TELLING = 20
"""A long ramble is compared on its rarest words only: the common ones barely move the similarity and cost the most."""


@dataclass(eq=False)
class Neighbour:
    label: str
    example: str
    similarity: float


class ExampleIndex:
    """An inverted index over labelled example phrasings, built once."""

    def __init__(self, examples: list[tuple[str, list[str]]]) -> None:
        self._labels = [label for label, _ in examples]
        self._texts = [" ".join(tokens) for _, tokens in examples]
        frequency: dict[str, int] = defaultdict(int)
        for _, tokens in examples:
            for token in set(tokens):
                frequency[token] += 1
        count = max(len(examples), 1)
        self._stop = {token for token, seen in frequency.items() if seen > COMMON_SHARE * count and count >= 50}
        self._idf = {token: math.log((count + 1) / (seen + 0.5)) for token, seen in frequency.items() if token not in self._stop}
        self._unknown_idf = math.log((count + 1) / 0.5)
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._inverse_norms: list[float] = []
        for index, (_, tokens) in enumerate(examples):
            words = {token for token in tokens if token in self._idf}
            for token in words:
                self._postings[token].append(index)
            self._inverse_norms.append(1.0 / (math.sqrt(sum(self._idf[token] ** 2 for token in words)) or 1.0))

    def best_per_label(self, tokens: list[str]) -> dict[str, Neighbour]:
        """The most similar example of each label that shares at least one content word."""
        words = {token for token in tokens if token not in self._stop}
        if not words:
            return {}
        idf, postings, inverse_norms, labels = self._idf, self._postings, self._inverse_norms, self._labels
        norm = math.sqrt(sum(idf.get(token, self._unknown_idf) ** 2 for token in words))
        overlap: dict[int, float] = {}
        known = sorted((token for token in words if token in idf), key=idf.__getitem__, reverse=True)
        for token in known[:MOST_TELLING]:
            squared = idf[token] * idf[token]
            for index in postings[token]:
                overlap[index] = overlap.get(index, 0.0) + squared
        closest: dict[str, tuple[float, int]] = {}
        for index, shared in overlap.items():
            score = shared * inverse_norms[index]  # the message's own norm is the same for every example: divided out once below
            label = labels[index]
            if label not in closest or score > closest[label][0]:
                closest[label] = (score, index)
        return {label: Neighbour(label, self._texts[index], score / norm) for label, (score, index) in closest.items()}


class WordModel:
    """Multinomial naive Bayes over the words of the example phrasings, with equal priors.

    Where no keyword and no single example is close, the words of a question can still, taken
    together, point clearly at one topic ("would someone quiet survive the politics there").
    """

    def __init__(self, examples: list[tuple[str, list[str]]], smoothing: float = 0.5) -> None:
        frequency: dict[str, int] = defaultdict(int)
        for _, tokens in examples:
            for token in set(tokens):
                frequency[token] += 1
        common = COMMON_SHARE * max(len(examples), 1)
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        totals: dict[str, int] = defaultdict(int)
        for label, tokens in examples:
            for token in tokens:
                if frequency[token] <= common:
                    counts[label][token] += 1
                    totals[label] += 1
        vocabulary = {token for words in counts.values() for token in words}
        self._labels = sorted(counts)
        # Tuples, not dicts: this table is pickled in the start-up cache, and tuples load fastest.
        self._log_odds = {token: tuple(math.log((counts[label].get(token, 0) + smoothing) / (totals[label] + smoothing * len(vocabulary)))
                                       for label in self._labels) for token in vocabulary}

    def posteriors(self, tokens: list[str]) -> dict[str, float]:
        """P(label | words) over the words the examples know; {} when none of them is known."""
        known = [self._log_odds[token] for token in tokens if token in self._log_odds]
        if not known:
            return {}
        scores = {label: sum(weights[index] for weights in known) for index, label in enumerate(self._labels)}
        top = max(scores.values())
        exp = {label: math.exp(score - top) for label, score in scores.items()}
        total = sum(exp.values())
        return {label: value / total for label, value in exp.items()}
