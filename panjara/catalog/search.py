"""Finding a service by what a person needs (R-PP-4), however they type it: in Georgian script, in
English, or in Georgian written with Latin letters — by the national romanisation system
("mosakrebeli", "dabadebis motsmoba") or the informal ways people chat and search ("wigni" for
წიგნი, "xelfasi" for ხელფასი, "SeniS" for შენიშ… on the Georgian keyboard layout).

Both the index and the query are folded into one Latin *skeleton* in which every spelling of a
Georgian sound becomes the same letters: წ/ც (ts, w, c) → "c", ჩ/ჭ (ch, C, W) → "č", ხ (kh, x) →
"x", ყ/ქ/კ (q, k, y) → "k", შ (sh, S) → "š", ჟ/ჯ (zh, J, j) → "j", ძ (dz, Z) → "ʒ", ღ (gh, R) →
"g". The skeleton loses distinctions a speaker would keep (ქ and კ, თ and ტ); a search box can
afford that, a spelling checker could not. The index stores the skeleton words of each service
with a space before each, so a query word matches the start of an indexed word ("motsmob" finds
"motsmobis") with a plain LIKE that SQLite and PostgreSQL both run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# The national system of romanisation of Georgian (2002), as on ID cards.
NATIONAL = {
    "ა": "a",
    "ბ": "b",
    "გ": "g",
    "დ": "d",
    "ე": "e",
    "ვ": "v",
    "ზ": "z",
    "თ": "t",
    "ი": "i",
    "კ": "k",
    "ლ": "l",
    "მ": "m",
    "ნ": "n",
    "ო": "o",
    "პ": "p",
    "ჟ": "zh",
    "რ": "r",
    "ს": "s",
    "ტ": "t",
    "უ": "u",
    "ფ": "p",
    "ქ": "k",
    "ღ": "gh",
    "ყ": "q",
    "შ": "sh",
    "ჩ": "ch",
    "ც": "ts",
    "ძ": "dz",
    "წ": "ts",
    "ჭ": "ch",
    "ხ": "kh",
    "ჯ": "j",
    "ჰ": "h",
    # Letters out of modern use still appear in names and old documents.
    "ჱ": "e",
    "ჲ": "i",
    "ჳ": "u",
    "ჴ": "kh",
    "ჵ": "o",
    "ჶ": "p",
    "ჷ": "e",
}
_NATIONAL_TABLE = str.maketrans(NATIONAL)

# On the Georgian keyboard layout Shift gives these letters; people type them as capitals when
# they write Georgian in Latin letters ("SeniS" = შენიშ).
KEYBOARD_CAPITALS = {"S": "sh", "C": "ch", "W": "ch", "J": "zh", "Z": "dz", "R": "gh", "T": "t"}

# Every spelling of one sound onto one skeleton letter; digraphs first, scanned left to right.
_SKELETON = {
    "ch": "č",
    "sh": "š",
    "zh": "j",
    "kh": "x",
    "gh": "g",
    "ts": "c",
    "tz": "c",
    "dz": "ʒ",
    "ph": "p",
    "th": "t",
    "w": "c",
    "q": "k",
    "y": "k",
    "f": "p",
}
_SKELETON_RE = re.compile("|".join(sorted(_SKELETON, key=len, reverse=True)))
_APOSTROPHES = str.maketrans("", "", "'’ʼ`´")
_WORD = re.compile(r"[^\W_]+")

# Georgian case endings and plural suffixes (in skeleton letters), longest first: a query word
# loses one so that "dabadebis" (of birth) and "dabadeba" (birth) look for the same stem.
_ENDINGS = ("ebis", "ebši", "ebze", "ebit", "ebma", "ebi", "isa", "is", "ši", "ze", "it", "ma", "ad")
_VOWEL_OR_S = ("a", "e", "i", "o", "s")
MIN_STEM = 4


def skeleton(word: str) -> str:
    """One lower-case word (Latin letters, after transliteration) as its skeleton."""
    return _SKELETON_RE.sub(lambda match: _SKELETON[match.group()], word)


def _latin(text: str) -> str:
    return text.lower().translate(_NATIONAL_TABLE).translate(_APOSTROPHES)


def words(text: str) -> list[str]:
    """The skeleton words of a text, in order (Georgian script and Latin alike)."""
    return [skeleton(word) for word in _WORD.findall(_latin(text))]


def index_text(texts: Iterable[str]) -> str:
    """What the index keeps for some texts: each distinct skeleton word once, each after a space."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in words(text):
            seen.setdefault(word, None)
    return "".join(f" {word}" for word in seen)


def index_for(
    *,
    name_ka: str,
    name_en: str,
    description_ka: str = "",
    description_en: str = "",
    keywords_ka: str = "",
    keywords_en: str = "",
    **_other,
) -> dict[str, str]:
    """The two index columns of a service: its names alone (a match there ranks first), and
    everything a person could be looking for (names, keywords, descriptions)."""
    return {
        "search_name": index_text([name_ka, name_en]),
        "search_text": index_text(
            [name_ka, name_en, keywords_ka, keywords_en, description_ka, description_en]
        ),
    }


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    if word.endswith(_VOWEL_OR_S) and len(word) - 1 >= MIN_STEM:
        return word[:-1]
    return word


def _spellings(token: str) -> set[str]:
    """The ways to read one typed word: capitals from the Georgian keyboard layout inside a word
    ("SeniS") are letters of their own; a capital only at the start may be either."""
    plain = token.lower()
    if token.isupper() or not any(ch in KEYBOARD_CAPITALS for ch in token):
        return {plain}
    keyboard = "".join(KEYBOARD_CAPITALS.get(ch, ch.lower()) for ch in token)
    if any(ch.isupper() for ch in token[1:]):
        return {keyboard}
    return {plain, keyboard}


# Words that say nothing about the service wanted; dropped unless the query has nothing else.
_STOP_WORDS = (
    "a an the for of to in on and or my our me i with about from by at how do is get need want "
    "da chemi chemtvis chveni rogor minda unda tu ar aris"
)
_STOP = {_stem(skeleton(word)) for word in _STOP_WORDS.split(" ")}


def query_terms(query: str) -> list[set[str]]:
    """A query as a list of terms, each the set of stems any one of which may begin an indexed
    word. Every term must match for a full match."""
    terms: list[set[str]] = []
    for token in _WORD.findall(query.translate(_APOSTROPHES)):
        stems = set()
        for spelling in _spellings(token):
            for word in words(spelling):
                stems.add(_stem(word))
        if stems and stems not in terms:
            terms.append(stems)
    meaningful = [t for t in terms if not t <= _STOP and max(len(s) for s in t) >= 2]
    return meaningful or terms
