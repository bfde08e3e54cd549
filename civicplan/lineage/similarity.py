"""How alike two elements' words are, from 0 (nothing shared) to 1 (the same words).

Next year's plan rewords last year's priorities a little: "Accelerate housing delivery to
meet London's needs" becomes "Accelerating housing delivery to meet London’s needs", and
the new one gains an outcome statement. So the score leans on the titles and forgives
changes of tense, curly apostrophes and punctuation:

- words are lower-cased, apostrophes straightened and common endings trimmed
  ("accelerating", "accelerate" -> "accelerat");
- a TF-IDF cosine over the titles, and another over title plus text, where the weights come
  from the two plans being compared (a word every priority uses, like "London", counts for
  little; "housing" counts for a lot);
- difflib's ratio over the titles' word sequences, which notices the same words in the same
  order.

score = 0.5 * title cosine + 0.3 * title ratio + 0.2 * full-text cosine. Small, explainable and
standard library only: a few hundred elements a side needs nothing heavier (ADR 0008).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Iterable

WORD = re.compile(r"[^\W_]+")
STOP_WORDS = frozenset(
    """a an and are as at be by for from has have in into is it its of on or our s that the their
    them these this those to was we were which will with within""".split()
)
SUFFIXES = ("ing", "ed", "es", "s", "e", "ly")

TITLE_COSINE_WEIGHT = 0.5
TITLE_RATIO_WEIGHT = 0.3
FULL_COSINE_WEIGHT = 0.2


def _stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    """Content words, lower-cased and stemmed: 'London’s needs' -> ['london', 'need']."""
    text = (text or "").lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"'s\b", "", text).replace("'", "")
    return [_stem(w) for w in WORD.findall(text) if w not in STOP_WORDS]


def normalised(text: str) -> str:
    return " ".join(words(text))


@dataclass(frozen=True)
class Document:
    """One element's words, read once."""

    key: object
    title_words: tuple[str, ...]
    all_words: tuple[str, ...]
    title_text: str


def document(key, title: str, text: str = "") -> Document:
    title_words = tuple(words(title))
    text_words = tuple(words(text)) if text and text.strip() != title.strip() else ()
    return Document(key=key, title_words=title_words, all_words=title_words + text_words, title_text=" ".join(title_words))


class Vectoriser:
    """TF-IDF weights learnt from every document on both sides of a comparison."""

    def __init__(self, documents: Iterable[Document]):
        documents = list(documents)
        df: Counter[str] = Counter()
        for doc in documents:
            df.update(set(doc.all_words))
        n = max(1, len(documents))
        self.idf = {word: math.log((1 + n) / (1 + count)) + 1.0 for word, count in df.items()}

    def vector(self, tokens: Iterable[str]) -> dict[str, float]:
        counts = Counter(tokens)
        vec = {w: (1 + math.log(c)) * self.idf.get(w, 1.0) for w, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        return {w: v / norm for w, v in vec.items()} if norm else {}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


@dataclass
class Scored:
    key: object
    score: float
    title_cosine: float
    title_ratio: float
    full_cosine: float


class Ranker:
    """Scores documents against each other, with TF-IDF weights learnt from all of them.

    The cosines are summed through an inverted index; difflib is slower, so it runs only on
    each element's most promising candidates.
    """

    def __init__(self, documents: Iterable[Document]):
        documents = list(documents)
        vectoriser = Vectoriser(documents)
        self._title = {id(d): vectoriser.vector(d.title_words) for d in documents}
        self._full = {id(d): vectoriser.vector(d.all_words) for d in documents}
        self._postings_for: list[Document] | None = None
        self._postings_cache: dict[tuple[int, str], list[tuple[int, float]]] = {}

    def score(self, a: Document, b: Document) -> Scored:
        title_cos = cosine(self._title[id(a)], self._title[id(b)])
        full_cos = cosine(self._full[id(a)], self._full[id(b)])
        ratio = 0.0
        if a.title_words and b.title_words:
            ratio = SequenceMatcher(None, a.title_words, b.title_words, autojunk=False).ratio()
        total = TITLE_COSINE_WEIGHT * title_cos + TITLE_RATIO_WEIGHT * ratio + FULL_COSINE_WEIGHT * full_cos
        return Scored(
            key=b.key, score=round(min(1.0, total), 4),
            title_cosine=title_cos, title_ratio=ratio, full_cosine=full_cos,
        )

    def _postings(self, candidates: list[Document]) -> dict[tuple[int, str], list[tuple[int, float]]]:
        """(vector, word) -> [(candidate index, weight)], built once per candidate list."""
        if self._postings_for is not candidates:
            postings: dict[tuple[int, str], list[tuple[int, float]]] = {}
            for index, doc in enumerate(candidates):
                for which, vectors in enumerate((self._title, self._full)):
                    for word, weight in vectors[id(doc)].items():
                        postings.setdefault((which, word), []).append((index, weight))
            self._postings_for, self._postings_cache = candidates, postings
        return self._postings_cache

    def ranked(self, a: Document, candidates: list[Document], *, limit: int = 5, shortlist: int = 10) -> list[Scored]:
        """The best matches for `a` among `candidates` (documents given to the ranker), best first.

        A quick score (title cosine + full cosine, summed through an inverted index so that
        candidates sharing no word cost nothing) picks a shortlist; only that is scored fully.
        """
        if not a.all_words:
            return []
        postings = self._postings(candidates)
        quick = [0.0] * len(candidates)
        # Words nearly every candidate uses ("London") cannot tell candidates apart and cost
        # the most to sum, so they are left out of the quick score unless the rarer words
        # found too few candidates.
        common = max(50, len(candidates) // 5)
        deferred = []
        for which, vectors in enumerate((self._title, self._full)):
            for word, weight in vectors[id(a)].items():
                entries = postings.get((which, word), ())
                if len(entries) > common:
                    deferred.append((weight, entries))
                    continue
                for index, other_weight in entries:
                    quick[index] += weight * other_weight
        wanted = max(limit, shortlist)
        if deferred and sum(1 for q in quick if q > 0) < wanted:
            for weight, entries in deferred:
                for index, other_weight in entries:
                    quick[index] += weight * other_weight
        best = heapq.nlargest(wanted, (i for i in range(len(quick)) if quick[i] > 0), key=quick.__getitem__)
        scored = [self.score(a, candidates[index]) for index in best]
        scored = [s for s in scored if s.score > 0]
        scored.sort(key=lambda s: -s.score)
        return scored[:limit]
