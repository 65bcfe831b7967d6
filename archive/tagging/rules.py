"""The word-level rules: whether a match of a name in the text is a mention of a person.

Each rule looks at the words around one match: capitals, a title before it ("President",
"Professor"), a given name before or after it that makes it someone else's name ("Hyung-jin
Kim", "Kim Yo Jong"), a thing named after a person ("Trump Tower"), a word that is only a
word ("the Moon"). Pure functions of the text."""

import re

from archive.lexicon import words
from archive.names import is_hangul, normalize_name
from archive.tagging.vocabulary import (
    FOLLOWERS,
    HANGUL_SUFFIXES,
    NAMED_THINGS,
    POLITICAL_NOUNS,
    ROLE_ENDS,
    ROLES,
    SUBJECT_VERBS,
    TITLE_WORDS,
    WORD_SURNAMES,
)

GENERATIONAL = re.compile(r"^\s*,?\s*(?:Jr|Sr|Junior|Senior|II|III|IV)\b\.?")
GENERATIONAL_AT = re.compile(GENERATIONAL.pattern[1:])  # for .match(text, position)


def key_role(key, forms):
    """The role a short form's own title gives ("president kim" -> leader)."""
    surnames = {f.surname for f in forms if not f.strong and f.surname}
    for surname in surnames:
        if key.endswith(" " + surname):
            return role_of(key[: -len(surname) - 1].split())
    return None


def role_of(words):
    words = [w.rstrip(".") for w in words if w]
    if len(words) >= 2 and " ".join(words[-2:]) in ROLES:
        return ROLES[" ".join(words[-2:])]
    return ROLES.get(words[-1]) if words else None


def role_before(text, start):
    """The role of the title just before a name: "North Korean leader Kim", "Her father,
    President Xi", "Former South Korean President Kim Dae-jung", "President-elect Trump"."""
    if start == 0 or not text[start - 1].isspace():
        return None
    before = text[max(0, start - 40) : start].split()
    if not before or before[-1].lower().rstrip(".").rsplit("-", 1)[-1] not in ROLE_ENDS:
        return None  # most names follow "said", "and", "with": no title
    words = []
    for word in reversed(before[-2:]):
        word = word.removesuffix(".") if not words else word
        if not word.replace("-", "").isalpha():
            break  # "father," ends the title: punctuation stands between
        words.insert(0, word.lower().replace("-", " "))
    return role_of(" ".join(words).split()) if words else None


def on_word_boundaries(folded, start, end):
    before = folded[start - 1] if start > 0 else " "
    after = folded[end + 1] if end + 1 < len(folded) else " "
    if after == "'" and _APOSTROPHE_WORD_RE.match(folded, end + 1):
        return False  # "Xi'an" is a city; "Xi's" is a possessive
    return not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")


_APOSTROPHE_WORD_RE = re.compile(r"'(?!s\b)[^\W\d_]")


def hangul_word(text, start, end):
    """Korean separates words with spaces: a Hangul name glued after another syllable is
    inside a longer word, and glued before one it must be followed by a particle or title
    ("김정은이", "김정은위원장"), not by more of a longer name ("김건희" is not "김건")."""
    if is_hangul(text[start]) and start > 0 and is_hangul(text[start - 1]):
        return False
    if is_hangul(text[end - 1]) and end < len(text) and is_hangul(text[end]):
        return text.startswith(HANGUL_SUFFIXES, end)
    return True


def capitalised(span, strict):
    """Names are written with capitals: 'Moon' is a name, 'moon' is not. Short forms must be
    Title Case ('XI' in 'Pope Pius XI' is not Xi); full names may also be in capitals."""
    if span.istitle():
        return True  # "Kim Jong Un", "Mr Kim": the common case, decided in C
    # Hyphenated parts of a romanised name may be lower case: "Kim Jong-un", "Moon Jae-in".
    words = [w for w in span.split() if w and w[0].isalpha()]
    if not words:
        return True
    if not strict and span.isupper():
        return True
    for word in words:
        if not word[0].isupper():
            return False
        if strict and len(word) > 1 and word.isupper() and word.lower() not in ("mr", "ms", "dr"):
            return False
    return True


def shouting(segment, start, end):
    """A short form in capitals inside an all-capitals headline or sentence ("KIM AND PUTIN
    HOLD SUMMIT"): there the capitals are the typography, not a Roman numeral or acronym."""
    if not segment.text[start:end].isupper():
        return False
    left, right = segment.sentence(start, end)
    return segment.text[left:right].isupper()


_NAMED_THING_RES = {
    # The name, up to ``between`` capitalised words, then the kind of thing.
    between: re.compile(rf"(?:\s+[A-Z][\w'’\-]*){{0,{between}}}\s+(?:{'|'.join(NAMED_THINGS)})\b")
    for between in (0, 1, 2)
}


def named_thing(text, end, between):
    """'Trump Tower', 'Kim Il Sung Square', 'Kim Dae-jung Peace Center': a place or an
    institution named after the person (with up to ``between`` capitalised words first)."""
    return bool(_NAMED_THING_RES[between].match(text, end, end + 80))


_DETERMINER_BEFORE_RE = re.compile(r"\b(?:the|a|an)\s+$", re.IGNORECASE)
_NEXT_WORD_RE = re.compile(r"\s*([\w'’]+)")


def determiner_before(text, start, end):
    """'the Moon', 'a Trump card': a word-like surname after an article is the word, unless
    a political noun follows ('the Moon government', 'the Trump administration')."""
    if not _DETERMINER_BEFORE_RE.search(text, max(0, start - 6), start):
        return False
    if text[end : end + 1] in ("-", "\u2010", "\u2011"):
        return False  # "the Trump-Kim summit": two people
    following = _NEXT_WORD_RE.match(text, end)
    word = following.group(1).lower() if following else ""
    return word not in POLITICAL_NOUNS


_WORD_BEFORE_RE = re.compile(r"([A-Z][\w'’\-]*)$")  # the end of the word before
_WORD_AFTER_RE = re.compile(r"^\s+([A-Z][\w'’\-]*)")
_HYPHENATED_BEFORE_RE = re.compile(r"([A-Za-z][\w']*)[\-\u2010\u2011]$")
_GIVEN_NAME_AFTER_RE = re.compile(r"^\s+([A-Z][a-z]+)[\-\u2010\u2011][a-z]+\b")
_SENTENCE_OPENING = " \t\n\"“‘'([—–-"


def other_given_name_before(text, start):
    """'Hyung-jin Kim', 'Melania Trump': a capitalised word right before a bare surname."""
    if start == 0 or not text[start - 1].isspace():
        return False
    words = text[max(0, start - 40) : start].split()
    match = _WORD_BEFORE_RE.search(words[-1]) if words else None
    if not match:
        return False
    word = match.group(1)
    if word.endswith(("'s", "’s", "s'", "s’")):
        return False
    return word.lower().rstrip(".") not in TITLE_WORDS


def compound_name_before(text, start, surnames):
    """'Ban Ki-Moon': a surname joined by a hyphen to a capitalised word that is not itself a
    known surname is the end of another name ("Trump-Kim summit" is two people)."""
    if start == 0 or text[start - 1] not in "-\u2010\u2011":
        return False
    match = _HYPHENATED_BEFORE_RE.search(text, max(0, start - 30), start)
    if not match:
        return False
    word = match.group(1)
    return word[0].isupper() and word.lower() not in surnames


def other_name_after(text, end):
    """'Kim Yo Jong', 'Kim Dae-jung': a bare surname followed by another capitalised name."""
    match = _WORD_AFTER_RE.match(text[end : end + 40])
    if not match:
        return False
    return match.group(1).lower().strip("'’") not in FOLLOWERS


def other_name_after_in_headline(text, end, surname, article):
    """In a Title Case headline every word has a capital, so 'Kim Visits Beijing' proves
    nothing; but a romanised given name ('Kim Keon-hee') or a pair the article's own text
    writes as a name ('Kim Kardashian', 'Xi Zhongxun') makes it someone else."""
    if _GIVEN_NAME_AFTER_RE.match(text[end : end + 40]):
        return True
    match = _WORD_AFTER_RE.match(text[end : end + 40])
    if not match or match.group(1).lower().strip("'’") in FOLLOWERS:
        return False
    pair = re.escape(f"{surname} {normalize_name(match.group(1))}")
    return bool(re.search(rf"(?<!\w){pair}(?!\w)", article.running_text))


# Surnames that are also pronouns: alone, never evidence of the person.
PRONOUN_SURNAMES = frozenset({"he", "i"})


def word_where_capitals_prove_nothing(segment, start, end):
    """A surname that is also a word ('Moon', 'Trump') in a headline or opening a sentence,
    where it would wear a capital anyway: it counts beside the full name, but alone it is
    not enough to suggest the person."""
    text = segment.text
    word_form = text[start:end].lower()
    if word_form not in WORD_SURNAMES:
        return False
    if word_form in PRONOUN_SURNAMES:
        return True  # "He said": the pronoun, whatever follows (He Lifeng is named in full)
    following = _NEXT_WORD_RE.match(text, end)
    word = following.group(1) if following else ""
    if word in ("'s", "’s") or word in SUBJECT_VERBS or text.startswith(",", end):
        # "Trump is a dotard", "Moon’s policy", "Moon, speaking in Seoul,": a person
        return False
    if segment.is_title:
        return True
    left, _right = segment.sentence(start, end)
    return not text[left:start].strip(_SENTENCE_OPENING)


MONTHS = words("months")
# Words before a month that make it the month: "in May", "since March", "early June".
_BEFORE_A_MONTH_RE = re.compile(
    r"\b(?:in|on|since|until|till|by|from|through|last|next|early|late|mid|this|of|during|"
    r"before|after|between|each|every)[\s-]+$",
    re.IGNORECASE,
)


def date_word_before(text, start, surname):
    """Whether a bare surname that is also a month ("May", "June") is the month here."""
    return surname in MONTHS and bool(_BEFORE_A_MONTH_RE.search(text, max(0, start - 12), start))
