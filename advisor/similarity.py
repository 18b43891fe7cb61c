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
        self._norms: list[float] = []
        for index, (_, tokens) in enumerate(examples):
            words = {token for token in tokens if token in self._idf}
            for token in words:
                self._postings[token].append(index)
            self._norms.append(math.sqrt(sum(self._idf[token] ** 2 for token in words)) or 1.0)

    def best_per_label(self, tokens: list[str]) -> dict[str, Neighbour]:
        """The most similar example of each label that shares at least one content word."""
        words = {token for token in tokens if token not in self._stop}
        if not words:
            return {}
        norm = math.sqrt(sum(self._idf.get(token, self._unknown_idf) ** 2 for token in words))
        overlap: dict[int, float] = defaultdict(float)
        for token in words:
            weight = self._idf.get(token)
            if weight is None:
                continue
            for index in self._postings[token]:
                overlap[index] += weight * weight
        best: dict[str, Neighbour] = {}
        for index, shared in overlap.items():
            similarity = shared / (norm * self._norms[index])
            label = self._labels[index]
            if label not in best or similarity > best[label].similarity:
                best[label] = Neighbour(label, self._texts[index], similarity)
        return best
