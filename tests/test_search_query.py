"""The query language: what it understands, and what it does with hostile input."""

from django.test import SimpleTestCase

from archive.search.query import (
    MAX_LENGTH,
    MAX_TERMS,
    describe,
    parse_query,
    positive_leaves,
    to_sq,
)

# Malformed, hostile and odd queries: each must parse without raising, quickly.
HOSTILE = [
    "",
    " ",
    '"',
    '""',
    '"""',
    "'",
    "''",
    "(",
    ")",
    "()",
    "((((",
    "))))",
    "(()",
    "())",
    "AND",
    "OR",
    "NOT",
    "AND OR NOT",
    "kim AND",
    "AND kim",
    "kim OR",
    "OR kim",
    "NOT",
    "kim NOT",
    "NOT NOT kim",
    "- -",
    "-",
    "+",
    "+kim",
    "--kim",
    "*",
    "**",
    "***",
    "a*",
    "k*",
    "*kim",
    "kim*xi",
    "?",
    "kim?",
    "person:",
    'person:""',
    'person:"',
    "source:",
    "title:",
    ":",
    "::::",
    "kim:",
    "foo:bar",
    "person:person:kim",
    "person:(kim)",
    'person:"Kim Jong Un',
    '"Kim Jong Un',
    'Kim Jong Un"',
    "kim\x00xi",
    "\x00",
    "\x1b[31mred",
    "kim\u200bxi",
    "\ufeffkim",
    "kim\r\nxi",
    "\t\t",
    "김정은",
    "金正恩",
    "习近平主席",
    "김정은이 시진핑과",
    "Путин",
    "مرحبا",
    "🙂",
    "kim 🙂 xi",
    "x" * 10000,
    "kim " * 3000,
    "(" * 500 + "kim",
    "kim" + ")" * 500,
    "a OR " * 300,
    '"' * 999,
    "<script>alert(1)</script>",
    "x <img src=x onerror=alert(1)//",
    "'; DROP TABLE archive_article; --",
    "%00",
    "%",
    "\\",
    "\\\\",
    "kim\\",
    "{!}",
    "[to]",
    "published:[2019 to 2020]",
    "*:*",
    "^",
    "kim^10",
    "kim~2",
    "kim~",
    "&&",
    "||",
    "kim && xi || trump",
    "TO",
    "to",
    "and or not",
    "U.S.",
    "...",
    "-.-",
    "Jong-un's",
    "Kim’s",
    "“quoted”",
    "«guillemets»",
]


class QueryLanguageTests(SimpleTestCase):
    def test_it_reads_words_as_all_required(self):
        self.assertEqual(describe(parse_query("kim xi visit").root), "kim xi visit")
        self.assertEqual(parse_query("kim xi").root.kind, "and")

    def test_it_reads_phrases_and_curly_quotes(self):
        root = parse_query("“Singapore summit”").root
        self.assertEqual((root.kind, root.text), ("phrase", "Singapore summit"))

    def test_it_reads_boolean_operators_with_precedence(self):
        self.assertEqual(describe(parse_query("kim OR xi summit").root), "kim OR (xi summit)")
        self.assertEqual(describe(parse_query("(kim OR xi) summit").root), "(kim OR xi) summit")
        self.assertEqual(describe(parse_query("summit NOT parade").root), "summit NOT parade")
        self.assertEqual(describe(parse_query("summit -parade").root), "summit NOT parade")
        self.assertEqual(describe(parse_query("kim AND xi").root), "kim xi")

    def test_it_reads_field_prefixes(self):
        self.assertEqual(describe(parse_query('person:"Kim Jong Un"').root), 'person:"Kim Jong Un"')
        self.assertEqual(describe(parse_query("source:Reuters").root), "source:Reuters")
        self.assertEqual(describe(parse_query("person: Putin").root), "person:Putin")
        self.assertEqual(describe(parse_query("title:parade").root), "title:parade")

    def test_an_unknown_field_is_just_words(self):
        self.assertEqual(describe(parse_query("foo:bar").root), '"foo bar"')

    def test_it_reads_prefixes_with_a_minimum(self):
        self.assertEqual(parse_query("denucl*").root.kind, "prefix")
        parsed = parse_query("de*")
        self.assertEqual(parsed.root.kind, "term")
        self.assertTrue(parsed.notes)

    def test_hyphenated_names_become_phrases(self):
        root = parse_query("Jong-un").root
        self.assertEqual((root.kind, root.text), ("phrase", "Jong un"))

    def test_it_never_matches_everything(self):
        for text in ('""', "*", "*:*", "NOT kim", "AND", "-kim"):
            with self.subTest(text=text):
                parsed = parse_query(text)
                self.assertTrue(parsed.root is None or parsed.only_negative)

    def test_it_caps_length_and_terms(self):
        parsed = parse_query("word " * 1000)
        self.assertLessEqual(len(parsed.text), MAX_LENGTH)
        self.assertTrue(any("cut" in note for note in parsed.notes))
        many = parse_query(" ".join(f"w{i}" for i in range(100)))
        self.assertEqual(len(many.root.children), MAX_TERMS)
        self.assertTrue(any(str(MAX_TERMS) in note for note in many.notes))

    def test_it_survives_every_hostile_query_within_the_limits(self):
        self.assertGreaterEqual(len(HOSTILE), 50)
        for text in HOSTILE:
            with self.subTest(text=text[:40]):
                parsed = parse_query(text)
                if parsed.root is not None:
                    self.assertIsNotNone(to_sq(parsed.root))
                    describe(parsed.root)
                    self.assertLessEqual(len(positive_leaves(parsed.root)), MAX_TERMS)
                self.assertLessEqual(len(parsed.text), MAX_LENGTH)
                self.assertNotIn("\x00", parsed.text)
