"""Where Thai text may break into lines, before any font is involved: grapheme clusters
(a letter with its vowels and tone marks), words (pythainlp's newmm dictionary segmenter,
loaded lazily; names only at spaces), shorter dictionary words inside a long compound,
and the units official papers never break inside (abbreviations with their word, dates,
numbers with their counters, brackets and punctuation with their neighbour, no-break
spaces). ``desktop.reports.thai_text`` fits these into lines of a width."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_MARKS = set("\u0e31\u0e33") | {chr(c) for c in range(0x0E34, 0x0E3B)} | {chr(c) for c in range(0x0E47, 0x0E4F)}
_LEADING_VOWELS = set("\u0e40\u0e41\u0e42\u0e43\u0e44")
# White space a line may break at: any but U+00A0 (no-break space), which stays inside a word.
_SPACE = re.compile(r"([^\S\u00a0]+)")


def _is_mark(ch: str) -> bool:
    return ch in _MARKS or unicodedata.category(ch) in ("Mn", "Me")


def clusters(text: str) -> list[str]:
    """Split ``text`` where a line may break inside a word: never between a base letter
    and its marks (upper and lower vowels, tone marks, ำ), nor after a leading vowel."""
    out: list[str] = []
    for ch in text:
        if out and (_is_mark(ch) or out[-1][-1] in _LEADING_VOWELS):
            out[-1] += ch
            # A silent letter (with ์) stays with the letter before it: แพทย์, not แพท|ย์.
            if ch == "\u0e4c" and len(out) > 1 and len(out[-1]) <= 3 and out[-2][-1] not in _LEADING_VOWELS:
                out[-2:] = [out[-2] + out[-1]]
        else:
            out.append(ch)
    return out


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(w for w in thai_words() if len(w) > 1)


def subwords(word: str) -> list[str]:
    """``word`` as shorter dictionary words by longest match from the left (cut between
    clusters; the word itself does not count); stretches no dictionary word starts stay
    glued together."""
    parts = clusters(word)
    words = _dictionary()
    out: list[str] = []
    i = 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            candidate = "".join(parts[i:j])
            if candidate in words and candidate != word:
                out.append(candidate)
                i = j
                break
        else:
            if out and out[-1] not in words:
                out[-1] += parts[i]
            else:
                out.append(parts[i])
            i += 1
    return out


def _tokenize(text: str) -> list[str]:
    return list(_tokenize_cached(text))


@lru_cache(maxsize=20_000)
def _tokenize_cached(text: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize

    words: list[str] = []
    for part in _SPACE.split(text):
        if not part:
            continue
        if _SPACE.fullmatch(part):
            words.append(" ")
        elif any("\u0e00" <= ch <= "\u0e7f" for ch in part):
            words.extend(w for w in word_tokenize(part, engine="newmm", keep_whitespace=True) if w)
        else:
            words.append(part)
    return tuple(words)


def _words(text: str, names: bool) -> list[str]:
    if names:
        return [(" " if _SPACE.fullmatch(p) else p) for p in _SPACE.split(text) if p]
    return _tokenize(text)


# Where official papers never break a line. Each rule is a pattern for a stretch of text
# that stays on one line: no break strictly inside a match. The patterns see the words
# joined (white space already one " "); each is searched from every position, so the
# stretches it finds may overlap, as may those of different rules.
_TH = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"  # Thai letters, vowels, marks (not ฯ ๆ, digits)
_GAP = "[ \u00a0]?"                                          # at most one space
_DIGIT = "[0-9\u0e50-\u0e59]"
_NUMBER = rf"{_DIGIT}+(?:[.,:/]{_DIGIT}+)*"                 # 12, ๕,๐๐๐, ๑๒.๕๐, ๑๒๓/๒๕๖๙
# พ.ศ. ค.ศ. จ. ผศ. ดร. พ.ต.อ. มิ.ย. ป.ย.ป.: up to four Thai letters before each dot, from
# a word's start; and ฯพณฯ.
_ABBREVIATION = rf"(?:ฯพณฯ|(?<![{_TH}])(?:[{_TH}]{{1,4}}\.)+)"
# The ones that belong to the word after them even across a space (titles, place
# prefixes); others (ป.ย.ป., ก.พ.ร.) usually belong to the word before them.
_TITLE = "|".join(re.escape(t) for t in ("ฯพณฯ", "ดร.", "ผศ.", "รศ.", "ศ.", "นพ.", "พญ.", "ทพ.", "ทพญ.", "ภก.",
                                         "ภญ.", "จ.", "อ.", "ต.", "ถ.", "ซ."))
_MONTH = "|".join(["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
                   "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
                  + [re.escape(m) for m in ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.",
                                            "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")])
# Counters and units after a number: ๑๒ คน, ๓ วัน, ๕๐๐ บาท.
_UNIT = "|".join([
    "คน", "ราย", "ท่าน", "รูป", "องค์", "วัน", "เดือน", "ปี", "สัปดาห์", "ชั่วโมง", "นาที", "ครั้ง", "รอบ",
    "บาท", "ล้าน", "แสน", "หมื่น", "พัน", "สตางค์", "ชุด", "ฉบับ", "เล่ม", "แผ่น", "หน้า", "ข้อ", "เรื่อง",
    "โครงการ", "กิจกรรม", "หน่วยงาน", "แห่ง", "จังหวัด", "อำเภอ", "ตำบล", "หมู่บ้าน", "ชุมชน", "ครัวเรือน",
    "หลัง", "คัน", "เครื่อง", "ชิ้น", "อัน", "ตัว", "รุ่น", "กลุ่ม", "ทีม", "ห้อง", "กิโลเมตร", "เมตร",
    "กิโลกรัม", "ลิตร", "ไร่", "ตารางเมตร", "%"])
# Words before a number that belongs to them: ร้อยละ ๘๐, เลขที่ ๑๒๓/๒๕๖๙, ครั้งที่ ๒.
_BEFORE_NUMBER = "ร้อยละ|เลขที่|ครั้งที่|ฉบับที่|รุ่นที่|ลำดับที่|หมู่ที่|มาตรา"
_NO_BREAK = tuple(re.compile(f"(?=({rule}))") for rule in (
    # 1. An abbreviation, or a run of them, whole, with what is typed onto it (ผศ.ดร.สมชาย,
    #    จ.เชียงใหม่) or a number after a space (พ.ศ. ๒๕๖๙, ป.ย.ป. ๒); a title or place
    #    prefix with what follows it up to a space (ผศ. ดร. ธนพล, ฯพณฯ นายกรัฐมนตรี).
    rf"{_ABBREVIATION}(?:{_GAP}{_ABBREVIATION})*(?:\S+|{_GAP}{_DIGIT})?",
    rf"(?<![{_TH}])(?:{_TITLE}){_GAP}\S+",
    # 2. A date: ๒๑ พฤศจิกายน ๒๕๖๙, 21 พ.ย. 69, ๑ ต.ค. พ.ศ. ๒๕๖๘.
    rf"{_DIGIT}{{1,2}}{_GAP}(?:{_MONTH})(?:{_GAP}(?:พ\.ศ\.|ค\.ศ\.)?{_GAP}{_DIGIT}{{2,4}})?",
    # 3. A number and its counter; a word and its number; an outgoing number
    #    (ที่ นร ๐๑๐๑/๑๒๓, a circular's ที่ นร ๐๑๐๑/ว ๑๒๓).
    rf"{_NUMBER}{_GAP}(?:{_UNIT})",
    rf"(?:{_BEFORE_NUMBER}){_GAP}{_NUMBER}",
    rf"(?:ที่{_GAP})?(?<![{_TH}])[ก-ฮ]{{1,3}}{_GAP}{_NUMBER}/(?:ว{_GAP})?{_NUMBER}",
    # 4. Never first on a line: ๆ, ฯ (not ฯพณฯ), closing punctuation; never last: opening
    #    punctuation. Also across a space (อื่น ๆ, ศูนย์ราชการ ฯ).
    rf"\S{_GAP}(?:[ๆ)\]”’,.;:]|ฯ(?!พณฯ))",
    rf"[(\[“‘]{_GAP}\S",
    # 5. A no-break space.
    r"\S?\u00a0\S?",
))


def _no_break_offsets(text: str) -> set[int]:
    """The offsets in ``text`` where a line may not break (a break at offset i puts
    text[i] at the start of the next line)."""
    inside: set[int] = set()
    for rule in _NO_BREAK:
        for match in rule.finditer(text):
            start, end = match.span(1)
            inside.update(range(start + 1, end))
    return inside


@lru_cache(maxsize=20_000)
def units(text: str, names: bool) -> tuple[tuple[str, ...], ...]:
    """The words of ``text`` glued into the units a line never breaks inside (the words
    of a unit joined are exactly the text they came from)."""
    words = _words(text, names)
    keep = _no_break_offsets("".join(words))
    units: list[list[str]] = []
    offset = 0
    for word in words:
        if units and offset in keep:
            units[-1].append(word)
        else:
            units.append([word])
        offset += len(word)
    return tuple(map(tuple, units))
