"""The "did you mean" word index (archive.search.spelling), without a search index."""

from django.test import SimpleTestCase

from archive.search.spelling import SegmentWords, edit_distance

WORDS = ["sanctions", "sanction", "summit", "submit", "missile", "pyongyang", "beijing", "talks"]


class EditDistanceTest(SimpleTestCase):
    def test_distances(self):
        self.assertEqual(edit_distance("summit", "summit"), 0)
        self.assertEqual(edit_distance("sumit", "summit"), 1)  # a letter missing
        self.assertEqual(edit_distance("summmit", "summit"), 1)  # one too many
        self.assertEqual(edit_distance("sunmit", "summit"), 1)  # one wrong
        self.assertEqual(edit_distance("sanctoins", "sanctions"), 1)  # neighbours swapped
        self.assertGreater(edit_distance("talks", "beijing"), 2)
        self.assertEqual(edit_distance("a", "summit"), 3)  # far apart in length: the limit + 1


class SegmentWordsTest(SimpleTestCase):
    def setUp(self):
        self.words = SegmentWords(WORDS)

    def test_every_kind_of_single_mistake_finds_the_word(self):
        for typo, word in [
            ("sanctoins", "sanctions"),
            ("sanctons", "sanctions"),
            ("sancttions", "sanctions"),
            ("sanxtions", "sanctions"),
            ("misile", "missile"),
            ("pyongayng", "pyongyang"),
            ("bejing", "beijing"),
        ]:
            with self.subTest(typo=typo):
                self.assertIn(word, self.words.candidates(typo))

    def test_unrelated_words_are_not_candidates(self):
        self.assertEqual(self.words.candidates("zzzzzz"), set())
        self.assertNotIn("beijing", self.words.candidates("talks"))

    def test_an_empty_segment(self):
        self.assertEqual(SegmentWords([]).candidates("summit"), set())
