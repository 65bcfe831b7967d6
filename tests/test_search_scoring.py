"""The vectorised relevance scores (archive.search.matching.scored_docnums) against Whoosh's
own collector, on an index with the archive's schema, two segments and a deletion."""

import datetime
import random
import shutil
import tempfile
from unittest import mock

from django.test import SimpleTestCase
from whoosh import index as whoosh_index
from whoosh.qparser import MultifieldParser, QueryParser
from whoosh.query import And, DateRange, Every, Term

from archive.search import whoosh_internals as internals
from archive.search.analysis import frequent_words, text_analyzer
from archive.search.matching import (
    POSITIONS,
    POSTINGS,
    PostingsCache,
    Unsupported,
    _pairable,
    matching_docnums,
    phrase_docnums,
    scored_docnums,
    top_by_score,
)
from archive.search.schema import article_fields, build_schema
from tests.base import backend, skip_unless_whoosh

WORDS = [
    "summit",
    "talks",
    "nuclear",
    "missile",
    "sanctions",
    "envoy",
    "ministry",
    "leader",
    "visit",
    "beijing",
    "pyongyang",
    "seoul",
    "washington",
    "moscow",
    "treaty",
    "border",
    "trade",
    "troops",
    "parade",
    "negotiator",
    "statement",
    "peace",
    "denuclearisation",
    "denuclearization",
    "organise",
    "organize",
    "delegation",
    "alliance",
    "embassy",
    "warning",
    "launch",
    "test",
    "meeting",
    "president",
    "chairman",
    "state",
    "media",
    "agency",
    "report",
    "dialogue",
]


RARE = {"chairman", "report", "envoy"}  # words whose pairs the index does not hold


@skip_unless_whoosh
class ScoringTest(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.folder = tempfile.mkdtemp(prefix="archive-scoring-")
        if not backend().setup_complete:
            backend().setup()
        # The archive's schema, its twins holding the pairs of the frequent words (as a
        # rebuild chooses them): all the test's words but a few.
        analyzer = text_analyzer()
        frequent = frozenset(
            t.text for w in WORDS if w not in RARE for t in analyzer(w, mode="index")
        )
        schema = build_schema(article_fields(), {"text": frequent, "title": frequent})
        cls.ix = whoosh_index.create_in(cls.folder, schema)
        rng = random.Random(7)
        # Skewed frequencies, as in real text: a few words in most documents.
        weights = [1 / (rank + 1) for rank in range(len(WORDS))]

        def words(n):
            return " ".join(rng.choices(WORDS, weights=weights, k=n))

        # Two commits without merging: two segments. The first is written as the archive
        # writes (archive.search.backend: with every text field's word pairs, which answer
        # phrases), the second by a bare writer without them (phrases from positions).
        for batch in range(2):
            writer = cls.ix.writer(compound=False)
            for n in range(150):
                number = batch * 150 + n
                title = words(rng.randint(3, 9))
                document = {
                    "id": f"archive.article.{number}",
                    "django_ct": "archive.article",
                    "django_id": str(number),
                    "title": title,
                    "text": title + " " + words(rng.randint(20, 400)),
                    "published": datetime.datetime(2000 + number % 26, 1 + number % 12, 1),
                    # As archive/search_indexes.py writes them (date ranges read these).
                    "sort_newest": datetime.date(
                        2000 + number % 26, 1 + number % 12, 1
                    ).toordinal(),
                    "sort_oldest": datetime.date(
                        2000 + number % 26, 1 + number % 12, 1
                    ).toordinal(),
                    "person_exact": rng.choice(["Kim Jong Un,Xi Jinping", "Kim Jong Un", ""]),
                }
                if batch == 0:
                    document = backend()._whoosh_document(document)
                    assert "text__pairs" in document
                writer.add_document(**document)
            writer.commit(merge=False)
        writer = cls.ix.writer(compound=False)
        writer.delete_by_term("id", "archive.article.3")
        writer.commit(merge=False)
        cls.searcher = cls.ix.searcher()

    @classmethod
    def tearDownClass(cls):
        cls.searcher.close()
        shutil.rmtree(cls.folder, ignore_errors=True)
        super().tearDownClass()

    def compare(self, text, narrow=()):
        parser = MultifieldParser(["title", "text"], self.ix.schema, fieldboosts={"title": 3.0})
        q = parser.parse(text)
        if narrow:
            q = And([q, *narrow])
        expected = [(hit.docnum, hit.score) for hit in self.searcher.search(q, limit=None)]
        docs, scores = scored_docnums(self.searcher, q)
        self.assertEqual(len(docs), len(expected), text)
        self.assertGreater(len(docs), 0, text)
        mine = dict(zip(docs.tolist(), scores.tolist(), strict=True))
        for docnum, score in expected:
            self.assertAlmostEqual(mine[docnum], score, places=6, msg=f"{text}: doc {docnum}")
        # The first page: the same scores in the same order (ties may swap documents).
        top, top_scores = top_by_score(docs, scores, 0, 20)
        for (_docnum, score), mine_doc, mine_score in zip(expected, top, top_scores, strict=False):
            self.assertAlmostEqual(mine_score, score, places=6, msg=text)
            self.assertAlmostEqual(mine[int(mine_doc)], mine_score, places=9, msg=text)

    def test_segments_and_deletion_are_real(self):
        self.assertGreaterEqual(len(self.searcher.reader().leaf_readers()), 2)
        self.assertTrue(any(r.has_deletions() for r, _ in self.searcher.reader().leaf_readers()))

    def test_single_words(self):
        for text in ("summit", "talks", "denuclearisation", "chairman", "nuclear"):
            self.compare(text)

    def test_boolean_queries(self):
        for text in (
            "summit AND talks",
            "summit OR parade",
            "summit NOT chairman",
            "missile AND (sanctions OR treaty) NOT envoy",
            "envoy ministry",
        ):
            self.compare(text)

    def test_narrowed_by_person_and_dates(self):
        self.compare(
            "summit",
            narrow=[
                Term("person_exact", "Kim Jong Un"),
                DateRange(
                    "published", datetime.datetime(2005, 1, 1), datetime.datetime(2015, 12, 31)
                ),
            ],
        )

    def test_prefix(self):
        self.compare("denucl*")
        self.compare("sanct* AND summit")

    def test_pages_are_slices_of_one_order(self):
        q = QueryParser("text", self.ix.schema).parse("summit")
        docs, scores = scored_docnums(self.searcher, q)
        whole, _ = top_by_score(docs, scores, 0, len(docs))
        for start in (0, 7, 20, len(docs) - 3):
            page, _ = top_by_score(docs, scores, start, start + 10)
            self.assertEqual(page.tolist(), whole[start : start + 10].tolist())
        self.assertEqual(top_by_score(docs, scores, len(docs) + 5, len(docs) + 15)[0].size, 0)

    def test_every_document(self):
        # A search of filters alone ("*"): every document with a word in the fields (no
        # posting is read, so nothing is cached).
        ScoringTest.compare(self, "*")
        ScoringTest.compare(self, "*", narrow=[Term("person_exact", "Kim Jong Un")])
        q = Every()
        self.assertEqual(
            matching_docnums(self.searcher, q).tolist(), sorted(self.searcher.docs_for_query(q))
        )

    def test_phrases(self):
        for text in (
            '"summit talks"',
            '"talks summit"',
            '"nuclear missile sanctions"',
            '"summit talks" AND envoy',
            '"summit talks" NOT "talks summit"',
            '"summit summit"',
        ):
            self.compare(text)

    def test_phrases_match_as_in_whoosh(self):
        parser = QueryParser("text", self.ix.schema)
        for text in (
            '"summit talks"',
            '"talks nuclear summit"',
            '"chairman report"',
            '"summit summit summit"',
            '"summit talks nuclear summit"',
            '"talks with the summit"',  # stop words out, as the index has it
            '"missile summit talks"',
        ):
            q = parser.parse(text)
            expected = sorted(self.searcher.docs_for_query(q))
            self.assertEqual(matching_docnums(self.searcher, q).tolist(), expected, text)
            self.assertTrue(expected, text)

    def test_odd_phrases_match_as_in_whoosh(self):
        parser = QueryParser("text", self.ix.schema)
        long_phrase = '"' + " ".join(WORDS[:12] * 3) + '"'
        for text in (
            '"김정은 위원장"',  # CJK bigrams, in no document here
            '"talks talks talks talks talks talks"',
            '"summit"',
            long_phrase,
            "\"summit 'talks'\"",
        ):
            q = parser.parse(text)
            expected = sorted(self.searcher.docs_for_query(q))
            self.assertEqual(matching_docnums(self.searcher, q).tolist(), expected, text)

    def test_phrases_come_from_word_pairs_where_a_segment_has_them(self):
        readers = [r for r, _base in self.searcher.reader().leaf_readers()]
        self.assertEqual([bool(_pairable(r, "text")) for r in readers], [True, False])
        parser = QueryParser("text", self.ix.schema)
        for text in (
            '"summit talks"',
            '"talks nuclear summit"',
            '"summit summit summit"',
            '"chairman report"',  # no pair held: from positions
            '"envoy summit talks"',  # one pair held, one not
        ):
            q = parser.parse(text)
            with mock.patch("archive.search.matching._pairable", return_value=frozenset()):
                from_positions = phrase_docnums(readers[0], q).tolist()
            self.assertTrue(from_positions, text)
            self.assertEqual(phrase_docnums(readers[0], q).tolist(), from_positions, text)
        # A phrase of two frequent words is read from the pairs alone: no position decoded.
        with mock.patch.object(internals, "decode_positions", side_effect=AssertionError):
            phrase_docnums(readers[0], parser.parse('"summit talks"'))

    def test_word_pairs_are_the_adjacent_frequent_words(self):
        field = self.ix.schema["text__pairs"]
        text = "Talks with the summit, summits; the chairman report"
        terms = [t.text for t in field.analyzer(text, mode="index")]
        self.assertEqual(terms, ["talk summit", "summit summit"])

    def test_frequent_words_are_chosen_by_their_share_of_documents(self):
        texts = ["talks on trade"] * 60 + ["summit talks"] * 30 + ["rare envoy"] + [""] * 9
        self.assertEqual(frequent_words(text_analyzer(), texts), {"talk", "trade", "summit"})

    def test_a_phrase_of_stop_words_matches_nothing_without_an_error(self):
        q = QueryParser("text", self.ix.schema).parse('"the of and"')
        self.assertEqual(matching_docnums(self.searcher, q).size, 0)
        docs, _scores = scored_docnums(self.searcher, q)
        self.assertEqual(docs.size, 0)

    def test_a_phrase_with_slop_is_left_to_whoosh(self):
        q = QueryParser("text", self.ix.schema).parse('"summit talks"~3')
        with self.assertRaises(Unsupported):
            scored_docnums(self.searcher, q)
        expected = sorted(self.searcher.docs_for_query(q))
        self.assertEqual(matching_docnums(self.searcher, q).tolist(), expected)


@skip_unless_whoosh
class PostingsCacheTest(SimpleTestCase):
    def test_bounded_and_read_only(self):
        import numpy as np

        cache = PostingsCache()
        cache.MAX_BYTES = 200_000  # room for about three lists of 3,000 postings
        for n in range(6):
            docs = np.arange(3000, dtype=np.int64) + n
            cache.put(("seg", "text", str(n).encode()), docs, np.ones(3000))
        self.assertLessEqual(cache.bytes, cache.MAX_BYTES)
        self.assertIsNone(cache.get(("seg", "text", b"0")))  # the oldest went first
        docs, _ = cache.get(("seg", "text", b"5"))
        with self.assertRaises(ValueError):
            docs[0] = 99
        cache.put(("seg", "text", b"small"), np.arange(10), np.ones(10))
        self.assertIsNone(cache.get(("seg", "text", b"small")))  # cheap to read again


class CachedScoringTest(ScoringTest):
    """The same comparisons with every posting list cached after its first read."""

    def setUp(self):
        self._saved_min = PostingsCache.MIN_POSTINGS
        PostingsCache.MIN_POSTINGS = 1
        POSTINGS.clear()
        POSITIONS.clear()

    def tearDown(self):
        PostingsCache.MIN_POSTINGS = self._saved_min
        POSTINGS.clear()
        POSITIONS.clear()

    def compare(self, text, narrow=()):
        super().compare(text, narrow)
        self.assertTrue(POSTINGS.entries)
        super().compare(text, narrow)  # now from the cache


@skip_unless_whoosh
class EmptyIndexTest(SimpleTestCase):
    def test_an_empty_index_answers_nothing_without_an_error(self):
        from archive.search.spelling import SPELLER

        folder = tempfile.mkdtemp(prefix="archive-empty-")
        try:
            if not backend().setup_complete:
                backend().setup()
            ix = whoosh_index.create_in(folder, backend().schema)
            with ix.searcher() as searcher:
                for text in ("summit", '"summit talks"', "summit NOT talks", "denucl*"):
                    q = MultifieldParser(["title", "text"], ix.schema).parse(text)
                    docs, scores = scored_docnums(searcher, q)
                    self.assertEqual((docs.size, scores.size), (0, 0))
                    self.assertEqual(matching_docnums(searcher, q).size, 0)
                self.assertIsNone(SPELLER.suggest(searcher, "sumit"))
        finally:
            shutil.rmtree(folder, ignore_errors=True)


@skip_unless_whoosh
class CachedPositionsTest(ScoringTest):
    """Phrases answered from positions only (no word pairs), every word's positions
    decoded once and then read from the cache: the same documents as Whoosh."""

    def setUp(self):
        self._saved_min = PostingsCache.MIN_POSTINGS
        PostingsCache.MIN_POSTINGS = 1
        POSITIONS.clear()
        patcher = mock.patch("archive.search.matching._pairable", return_value=frozenset())
        patcher.start()
        self.addCleanup(patcher.stop)

    def tearDown(self):
        PostingsCache.MIN_POSTINGS = self._saved_min
        POSITIONS.clear()
        POSTINGS.clear()

    def test_phrases_from_cached_positions(self):
        parser = QueryParser("text", self.ix.schema)
        for text in ('"summit talks"', '"talks nuclear summit"', '"chairman report"'):
            q = parser.parse(text)
            expected = sorted(self.searcher.docs_for_query(q))
            self.assertEqual(matching_docnums(self.searcher, q).tolist(), expected, text)
            self.assertTrue(POSITIONS.entries, text)
            with mock.patch.object(internals, "decode_positions", side_effect=AssertionError):
                self.assertEqual(matching_docnums(self.searcher, q).tolist(), expected, text)
