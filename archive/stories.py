"""Copies of one wire story, grouped: the same text republished with small edits, a new
headline or a cut.

Each article's lede (the first LEDE_WORDS words of its body: a cut keeps the lede, a new
headline is not in it) is cut into overlapping SHINGLE_WORDS-word shingles and summarised by
a MinHash signature (datasketch, NUM_PERM permutations). Its LSH band keys (BANDS bands of
ROWS values) are stored in StoryBand, so grouping is incremental, survives restarts and
works across processes: a new article's candidates are the articles sharing a band key with
it (the most shared first, at most MAX_CANDIDATES), and one is the same story when the two
signatures agree on at least THRESHOLD of their values. The new article joins the most
similar candidate's story (one is made for the two if it has none).

Why these numbers: the ledes of two copies of one wire story share 0.8-1.0 of their 5-word
shingles (a changed word costs five shingles, about 5% of a 100-word lede); two different
stories on the same event rarely share more than 0.1 (they quote the same officials in other
words); a cut to half the lede keeps about 0.7. THRESHOLD 0.6 leaves room for edits on both
sides. 25 bands of 5 rows make a pair at 0.6 a candidate 87% of the time, at 0.7 98.5%, at
0.3 6% (each band matches with probability s^5; a pair is a candidate unless all 25 miss).
Five-word shingles: with three, the stock phrases of diplomatic copy ("said in a statement",
"the Korean peninsula") make unrelated stories look alike; with eight, one edit spoils a
fifth of a short lede. Ledes shorter than MIN_WORDS words are too short to tell (a one-line
brief) and never grouped; the dated copies of one story are all within MAX_DAYS_APART days
of each other (a routine brief written from one template, "Fed adds reserves via
repurchases", reports another operation a few days later). Exact copies never get this
far: the importer skips them by their content hash. The hand-checked precision is in the
README.
"""

import hashlib
import re
from collections import Counter

import numpy as np
from datasketch import MinHash
from django.db import connection
from django.db.models import Max, Min

from archive.models import Article, PendingIndexUpdate, Story, StoryBand
from archive.sanitize import html_to_text

SHINGLE_WORDS = 5
LEDE_WORDS = 100
MIN_WORDS = 40
BANDS, ROWS = 25, 5
NUM_PERM = BANDS * ROWS
MAX_CANDIDATES = 10
MAX_DAYS_APART = 3
THRESHOLD = 0.6
_WORD_RE = re.compile(r"\w+")
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=1)


def lede_words(text):
    return _WORD_RE.findall((text or "").lower())[:LEDE_WORDS]


def signature(text):
    """The MinHash values of a body text's lede (None when it is too short to tell)."""
    words = lede_words(text)
    if len(words) < MIN_WORDS:
        return None
    shingles = {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }
    minhash = MinHash(
        num_perm=NUM_PERM, seed=1, permutations=_TEMPLATE.permutations, scheme=_TEMPLATE.scheme
    )
    minhash.update_batch(list(shingles))
    return minhash.hashvalues


def band_keys(values):
    """[(band, key)] of a signature: each band's ROWS values hashed to a signed 64-bit key."""
    keys = []
    for band in range(BANDS):
        chunk = np.ascontiguousarray(values[band * ROWS : (band + 1) * ROWS]).tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "little", signed=True)))
    return keys


def similarity(a, b):
    """The share of equal MinHash values: an estimate of the two ledes' Jaccard similarity."""
    return float(np.count_nonzero(a == b)) / len(a)


_FIGURE_RE = re.compile(r"\d[\d,.]*")
_CORRECTION_RE = re.compile(r"\bcorrect(?:ed|ion)\b", re.IGNORECASE)


def _figures(text):
    return set(_FIGURE_RE.findall(" ".join(lede_words(text))))


def _another_days_figures(article, other, other_text):
    """A routine brief from one template on another day ("Fed adds reserves", a daily
    rainfall table): dated on different days, with other figures, and not a correction."""
    if article.published is None or other.published is None:
        return False
    if article.published == other.published:
        return False
    if _CORRECTION_RE.search(article.title) or _CORRECTION_RE.search(other.title):
        return False
    return _figures(html_to_text(article.body)) != _figures(other_text)


def _within_days(article, other):
    """Whether ``article`` may join ``other``'s story by date: all the story's dated copies,
    with it, within MAX_DAYS_APART days (an undated one always may)."""
    if article.published is None:
        return True
    if other.story_id is None:
        dates = [other.published] if other.published else []
    else:
        span = Article.objects.filter(story_id=other.story_id).aggregate(
            first=Min("published"), last=Max("published")
        )
        dates = [d for d in (span["first"], span["last"]) if d]
    return all(abs((article.published - day).days) <= MAX_DAYS_APART for day in dates)


def assign_story(article, values, *, origin=None, fresh=True):
    """Group ``article`` (already saved) with the copies of its story, inside the caller's
    transaction, and keep its band keys. ``values``: its signature (None: not grouped);
    ``fresh``: the article is new (an updated one has old keys to drop). Returns the story
    or None."""
    if not fresh:
        StoryBand.objects.filter(article=article).delete()
    if values is None:
        return None
    keys = band_keys(values)
    wanted = set(keys)
    shared = Counter(
        article_id
        for article_id, band, key in _band_rows([key for _band, key in keys])
        if (band, key) in wanted and article_id != article.pk
    )
    # The candidates sharing the most bands are the likeliest copies: check those first.
    candidates = [article_id for article_id, _n in shared.most_common(MAX_CANDIDATES)]
    scored = []
    for other in Article.objects.filter(id__in=candidates).only(
        "id", "title", "body", "story_id", "published"
    ):
        text = html_to_text(other.body)
        theirs = signature(text)
        score = similarity(values, theirs) if theirs is not None else 0.0
        if score >= THRESHOLD and not _another_days_figures(article, other, text):
            scored.append((-score, other.pk, other))
    # The most similar copy whose story's dates leave room for this one: the same template
    # brief a few days later is another story.
    best = next(
        ((-s, other) for s, _pk, other in sorted(scored) if _within_days(article, other)), None
    )
    story = None
    if best is not None:
        other = best[1]
        story = other.story
        if story is None:
            story = Story.objects.create(title=other.title, origin=origin)
            Article.objects.filter(pk=other.pk).update(story=story)
            PendingIndexUpdate.objects.enqueue([other.pk])  # its document names the story
        elif origin is not None and story.origin_id is None:
            Story.objects.filter(pk=story.pk).update(origin=origin)
        Article.objects.filter(pk=article.pk).update(story=story)
        article.story = story
    _insert_bands(article.pk, keys)
    return story


# An article's 25 band rows are written and looked up on every import: in plain SQL (the
# ORM's model instances and statement building cost a millisecond an article).


def _band_sql(template, marks=""):
    """The statement with the table's quoted names and ``marks`` (placeholders) filled in:
    no value ever enters its text."""
    quote = connection.ops.quote_name
    return template.format(
        table=quote(StoryBand._meta.db_table),
        article=quote("article_id"),
        band=quote("band"),
        key=quote("key"),
        marks=marks,
    )


def _band_rows(keys):
    """(article id, band, key) of every band row holding one of ``keys``."""
    marks = ", ".join(["%s"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(
            _band_sql(
                "SELECT {article}, {band}, {key} FROM {table} WHERE {key} IN ({marks})", marks
            ),
            keys,
        )
        return cursor.fetchall()


def _insert_bands(article_id, keys):
    with connection.cursor() as cursor:
        cursor.executemany(
            _band_sql("INSERT INTO {table} ({article}, {band}, {key}) VALUES (%s, %s, %s)"),
            [(article_id, band, key) for band, key in keys],
        )
