"""Which language an article is written in, from its own text.

lingua (its models ship in the wheel: nothing is downloaded at run time) chooses among the
LANGUAGES the archive's copy comes in. It was the most accurate of the detectors measured
on short news text (README, "Languages"). A feed's declared language (a JSON-lines
``language`` field, an HTML ``lang``) is trusted only when the text agrees with it; text
with too few letters to tell (a dateline, a list of names, figures) and text lingua cannot
decide on is stored as unknown (""), never as English.

The models load on the first detection (only importing processes ever detect), a few
hundred megabytes for the scripts met."""

import functools
import re
from dataclasses import dataclass

# ISO 639-1 code: (lingua's name, the name shown to readers).
LANGUAGES = {
    "en": ("ENGLISH", "English"),
    "fr": ("FRENCH", "French"),
    "de": ("GERMAN", "German"),
    "es": ("SPANISH", "Spanish"),
    "it": ("ITALIAN", "Italian"),
    "pt": ("PORTUGUESE", "Portuguese"),
    "nl": ("DUTCH", "Dutch"),
    "pl": ("POLISH", "Polish"),
    "tr": ("TURKISH", "Turkish"),
    "vi": ("VIETNAMESE", "Vietnamese"),
    "id": ("INDONESIAN", "Indonesian"),
    "ru": ("RUSSIAN", "Russian"),
    "uk": ("UKRAINIAN", "Ukrainian"),
    "ar": ("ARABIC", "Arabic"),
    "fa": ("PERSIAN", "Persian"),
    "he": ("HEBREW", "Hebrew"),
    "hi": ("HINDI", "Hindi"),
    "zh": ("CHINESE", "Chinese"),
    "ja": ("JAPANESE", "Japanese"),
    "ko": ("KOREAN", "Korean"),
}
UNKNOWN = ""
# Fewer letters than this cannot be told apart ("Taxi", "Radio", a row of figures).
MIN_LETTERS = 12
# lingua needs the top language this far ahead of the next (0 to 1) to name it.
MIN_RELATIVE_DISTANCE = 0.1
# A declared language the text does not contradict is kept when lingua gives it at least
# this confidence (short texts that lingua leaves undecided between close languages).
DECLARED_CONFIDENCE = 0.3
SAMPLE_CHARACTERS = 600  # the opening of the text is enough, and keeps detection quick
LONG_TEXT = 300  # letters from which the quick detector is as accurate as the full one
_LETTER_RE = re.compile(r"[^\W\d_]")
_URL_RE = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)


@dataclass(frozen=True)
class Detected:
    code: str  # "" when unknown
    note: str = ""  # why a declared language was not kept


UNKNOWN_FACET = "und"  # the value filters and facets use for "unknown" (ISO 639-2)


def clean_language_code(value):
    """A language filter's value checked: a known code, "und" (unknown) or "" (any); a
    ValidationError otherwise."""
    from django.core.exceptions import ValidationError

    code = (value or "").strip().lower()
    if code and code != UNKNOWN_FACET and code not in LANGUAGES:
        raise ValidationError(f"{code[:8]!r} is not a language this archive knows.")
    return code


def language_name(code):
    if code == UNKNOWN_FACET:
        return "Unknown language"
    return LANGUAGES[code][1] if code in LANGUAGES else "Unknown language"


def normalise_code(value):
    """An ISO 639-1 code from a declared value ("en-GB", "EN", "eng": "en"), or ""."""
    text = (value or "").strip().lower().replace("_", "-")
    code = text.split("-", 1)[0]
    if code in LANGUAGES:
        return code
    three = {"eng": "en", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "spa": "es",
             "rus": "ru", "zho": "zh", "chi": "zh", "jpn": "ja", "kor": "ko", "ara": "ar",
             "fas": "fa", "per": "fa", "ukr": "uk", "por": "pt", "ita": "it"}  # fmt: skip
    return three.get(code, "")


@functools.cache
def _detector(quick):
    """lingua's detector; ``quick``: its low-accuracy mode (trigrams only), as accurate as
    the full one on a paragraph and twenty times faster, used for texts of LONG_TEXT
    letters or more."""
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name, _label in LANGUAGES.values()]
    builder = LanguageDetectorBuilder.from_languages(*languages).with_minimum_relative_distance(
        MIN_RELATIVE_DISTANCE
    )
    return (builder.with_low_accuracy_mode() if quick else builder).build()


def warm():
    """Load the detectors' models now (before worker processes are forked, which then
    share them instead of each loading its own)."""
    for text in (
        "The talks between the two leaders ended without an agreement on sanctions. " * 5,
        "Les pourparlers",
        "Переговоры завершились",
        "انتهت المحادثات",
    ):
        detect(text)


@functools.cache
def _codes():
    from lingua import Language

    return {getattr(Language, name): code for code, (name, _label) in LANGUAGES.items()}


def detect(text, declared=""):
    """The language of ``text`` (a Detected). ``declared``: what the feed says, if anything."""
    sample = _URL_RE.sub(" ", (text or "")[:SAMPLE_CHARACTERS])
    claimed = normalise_code(declared)
    letters = len(_LETTER_RE.findall(sample))
    if letters < MIN_LETTERS:
        note = (
            f"Declared language {declared!r} not kept: too little text to tell." if claimed else ""
        )
        return Detected(UNKNOWN, note)
    detector = _detector(letters >= LONG_TEXT)
    found = detector.detect_language_of(sample)
    code = _codes().get(found, UNKNOWN) if found is not None else UNKNOWN
    if not claimed or claimed == code:
        return Detected(code)
    if code == UNKNOWN:
        language = next(lang for lang, c in _codes().items() if c == claimed)
        if detector.compute_language_confidence(sample, language) >= DECLARED_CONFIDENCE:
            return Detected(claimed)
        return Detected(
            UNKNOWN, f"Declared language {declared!r} not kept: the text does not read as it."
        )
    return Detected(
        code,
        f"Declared language {declared!r} not kept: the text is {language_name(code)}.",
    )
