"""Comparing Thai names the way a reader would: spacing, dots, zero-width characters,
Thai digits and the order marks were typed in do not matter; a typo or a missing tone
mark lowers the score a little.

``rank_matches`` finds the agencies on file that a cell names, best first. It is meant
for 100,000 rows against a thousand agencies: answers are cached per distinct text, a
character-pair index picks a few likely candidates and only those are compared closely.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from desktop.core.digits import to_arabic_digits

_INVISIBLE = re.compile("[\\s\u00ad\u200b-\u200d\u2060\ufeff]+")
_SARA_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")          # ํ + า typed for ำ
_TONE_BEFORE_VOWEL = re.compile("([\u0e48-\u0e4c])([\u0e31\u0e34-\u0e3a])")  # same look, other order
_DOUBLED_MARK = re.compile("([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])\\1+")
_TONES = re.compile("[\u0e48-\u0e4c]")
_OFFICE_WORD = re.compile("^(?:สำนักงาน|สนง\\.?)")  # "สำนักงาน ก.พ.ร." names the body "ก.พ.ร."
_SHORT_OFFICE = re.compile("^สนง\\.")
_BRACKETED = re.compile("\\(([^()]{2,12})\\)")   # "... Programme (UNDP) Thailand"
_NOT_AN_ABBREVIATION = ("องค์การมหาชน", "publicorganization", "ร.น.")


@lru_cache(maxsize=1 << 16)
def _strict_key(text: str) -> str:
    """Spacing, case, Thai digits and mark order folded; dots kept."""
    folded = unicodedata.normalize("NFC", text or "")
    folded = _SARA_AM.sub("\\1\u0e33", folded)
    folded = _TONE_BEFORE_VOWEL.sub("\\2\\1", folded)
    folded = _DOUBLED_MARK.sub("\\1", folded)
    return _INVISIBLE.sub("", to_arabic_digits(folded)).casefold()


def name_key(text: str) -> str:
    """The comparison key of a name: ``"สำนักงาน ก.พ.ร."`` -> ``"สำนักงานกพร"``."""
    return _strict_key(text).replace(".", "")


def similarity(a: str, b: str) -> float:
    """How alike two names are, from 0 to 1 (1 when their keys are equal)."""
    return _key_similarity(name_key(a), name_key(b))


def _key_similarity(ka: str, kb: str) -> float:
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    ratio = SequenceMatcher(None, ka, kb, autojunk=False).ratio()
    if _TONES.sub("", ka) == _TONES.sub("", kb):
        ratio = max(ratio, 0.95)  # only a tone mark differs
    return min(ratio, 0.99)


def _variants(strict: str, bracketed: bool = False) -> list[str]:
    """Other ways of writing the same body: ``"สำนักงานก.พ.ร."`` -> ``"ก.พ.ร."`` (the office
    word before an abbreviation), ``"สนง.จังหวัด..."`` -> ``"สำนักงานจังหวัด..."``, and
    for a reference name, the abbreviation it carries in brackets (UNDP)."""
    out = [strict]
    m = _OFFICE_WORD.match(strict)
    if m and "." in strict[m.end():]:
        out.append(strict[m.end():])
    if _SHORT_OFFICE.match(strict):
        out.append(_SHORT_OFFICE.sub("สำนักงาน", strict))
    if bracketed:
        out += [b for b in _BRACKETED.findall(strict) if not any(w in b for w in _NOT_AN_ABBREVIATION)]
    return out


def _pairs(key: str) -> set[str]:
    return {key[i:i + 2] for i in range(len(key) - 1)} or {key}


class NameMatcher:
    """Ranks a fixed list of candidates against texts; build once, ask many times."""

    def __init__(self, candidates: Iterable[tuple[Hashable, Sequence[str]]]) -> None:
        self.keys: list[Hashable] = []
        self._names: list[tuple[int, str]] = []          # (candidate index, name key)
        self._strict: dict[str, set[int]] = {}
        self._loose: dict[str, set[int]] = {}
        self._index: dict[str, list[int]] = {}            # character pair -> name numbers
        for number, (key, names) in enumerate(candidates):
            self.keys.append(key)
            for name in names:
                strict = _strict_key(name or "")
                if not strict:
                    continue
                for variant in _variants(strict, bracketed=True):
                    self._strict.setdefault(variant, set()).add(number)
                    self._loose.setdefault(variant.replace(".", ""), set()).add(number)
                loose = strict.replace(".", "")
                self._names.append((number, loose))
                for pair in _pairs(loose):
                    self._index.setdefault(pair, []).append(len(self._names) - 1)
        self._common = max(8, len(self._names) // 5)
        self._cache: dict[tuple[str, int, float], list[tuple[Hashable, float]]] = {}

    def rank(self, text: str, limit: int = 3, floor: float = 0.5) -> list[tuple[Hashable, float]]:
        """Up to ``limit`` (candidate key, score) pairs scoring at least ``floor``, best first.

        A text equal to a name or abbreviation (spacing and dots aside) scores 1; when
        it equals one candidate with its dots too (ก.พ.ร.) and another only without
        them (กพร.), the dotless one scores 0.98."""
        cached = self._cache.get((text, limit, floor))
        if cached is None:
            cached = self._cache[(text, limit, floor)] = self._rank(text, limit, floor)
        return list(cached)

    def _rank(self, text: str, limit: int, floor: float) -> list[tuple[Hashable, float]]:
        strict = _strict_key(text or "")
        loose = strict.replace(".", "")
        if not loose:
            return []
        scores: dict[int, float] = {}
        variants = _variants(strict)
        exact = set().union(*(self._strict.get(v, set()) for v in variants))
        for number in set().union(*(self._loose.get(v.replace(".", ""), set()) for v in variants)):
            scores[number] = 1.0 if not exact or number in exact else 0.98
        for name_number in self._likely(loose, floor):
            number, key = self._names[name_number]
            if number not in scores or scores[number] < 0.98:
                score = _key_similarity(loose, key)
                if score > scores.get(number, 0.0):
                    scores[number] = score
        ranked = sorted((item for item in scores.items() if item[1] >= floor), key=lambda item: (-item[1], item[0]))
        return [(self.keys[number], score) for number, score in ranked[:limit]]

    def _likely(self, key: str, floor: float, keep: int = 24) -> list[int]:
        """The names sharing the most character pairs with ``key`` (pairs found in a
        fifth of all names say little and are skipped when rarer ones exist), leaving
        out names whose length alone keeps them under ``floor``."""
        postings = [self._index[p] for p in _pairs(key) if p in self._index]
        rare = [p for p in postings if len(p) <= self._common]
        counts: Counter[int] = Counter()
        for posting in rare or postings:
            counts.update(posting)
        likely = []
        for name_number, _shared in counts.most_common():
            other = len(self._names[name_number][1])
            if 2 * min(other, len(key)) / (other + len(key)) >= floor:
                likely.append(name_number)
                if len(likely) >= keep:
                    break
        return likely


_matchers: list[tuple[object, int, NameMatcher]] = []


def rank_matches(text: str, candidates: Iterable[tuple[Hashable, Sequence[str]]], limit: int = 3,
                 floor: float = 0.5) -> list[tuple[Hashable, float]]:
    """Up to ``limit`` (candidate key, score) pairs for ``text``, best first; each candidate
    is (key, [name_th, abbr_th, name_en, ...]). Passing the same list again reuses its
    index and cached answers (pass a new list after changing one, or keep a NameMatcher)."""
    for source, size, matcher in _matchers:
        if source is candidates and isinstance(candidates, (list, tuple)) and size == len(candidates):
            return matcher.rank(text, limit, floor)
    matcher = NameMatcher(candidates)
    if isinstance(candidates, (list, tuple)):
        _matchers.insert(0, (candidates, len(candidates), matcher))
        del _matchers[4:]
    return matcher.rank(text, limit, floor)
