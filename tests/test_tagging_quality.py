"""The tagger measured on the labelled set in tests/tagging_cases (see its README.md).

Pairs are (article, person), micro-averaged. The thresholds are what the tagger reaches,
rounded down a little; the pairs it still gets wrong are listed by name, so a fix or a
regression anywhere shows up here. benchmark/tagging_quality.py prints the same scores.
"""

from django.test import SimpleTestCase

from tests.tagging_cases.labelled import evaluate, load_cases, load_people

# (case, person): what the tagger cannot get right, and why. These pairs stay in the set and
# count in the scores.
KNOWN_WRONG = {
    # "Mrs. Trump" beside "President Donald Trump": the short form goes to the Trump named in
    # full; telling the first lady from the president would need the people's sex, which the
    # archive does not record. Expected a suggestion for Melania Trump, none is made.
    ("holdout-mrs-trump", "melania-trump"),
}


class TaggingQualityTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.people = load_people()
        cls.cases = load_cases(cls.people)
        cls.report = evaluate(cls.cases, cls.people)

    def describe(self, errors):
        return "\n".join(
            f"{e.case}: {e.person} expected {e.expected}, got {e.found} ({e.context[:80]})"
            for e in errors
        )

    def test_the_set_holds_the_seeds_and_written_hard_cases(self):
        seeds = [c for c in self.cases if "seed" in c.rules]
        written = [c for c in self.cases if not {"seed", "seed-raw"} & set(c.rules)]
        self.assertEqual(len(seeds), 5)
        self.assertGreaterEqual(len(written), 35)
        self.assertGreaterEqual(len(self.cases), 40)
        rules = {rule for case in written for rule in case.rules}
        for rule in (
            "surname-headline",
            "short-only",
            "two-kims",
            "moon-word",
            "credit",
            "byline",
            "cjk",
            "caps",
            "possessive",
            "hyphen",
            "honorific",
            "roman-numeral",
            "list",
            "quote",
            "named-thing",
            "family",
        ):
            self.assertIn(rule, rules)

    def test_leaders_auto_mentions_are_never_wrong(self):
        score = self.report.auto_leaders
        leaders = {p.slug for p in self.people if p.is_leader}
        wrong = [e for e in self.report.errors if e.found == "auto" and e.person in leaders]
        self.assertEqual(score.precision, 1.0, self.describe(wrong))
        self.assertGreaterEqual(score.tp, 100)
        self.assertGreaterEqual(score.recall, 0.98)

    def test_auto_precision_and_recall(self):
        score = self.report.auto
        self.assertGreaterEqual(score.precision, 0.98, self.describe(self.report.errors))
        self.assertGreaterEqual(score.recall, 0.98, self.describe(self.report.errors))

    def test_a_short_form_alone_gives_a_suggestion_not_an_auto_mention(self):
        report = self.report
        self.assertGreaterEqual(report.suggested_expected, 20)
        self.assertGreaterEqual(report.suggested_right / report.suggested_expected, 0.95)
        self.assertLessEqual(report.suggested_noise, 1)
        for case in self.cases:
            if "short-only" not in case.rules:
                continue
            findings = report.findings[case.id]
            for slug, status in case.expected.items():
                if status == "suggested" and (case.id, slug) not in KNOWN_WRONG:
                    with self.subTest(case=case.id, person=slug):
                        self.assertIn(slug, findings)
                        self.assertEqual(findings[slug].status, "suggested")

    def test_credits_and_bylines_never_tag_their_writers(self):
        writers = {"hyung-jin-kim", "kim-tong-hyung", "vladimir-voronin"}
        for case in self.cases:
            if {"credit", "byline"} & set(case.rules):
                with self.subTest(case.id):
                    self.assertFalse(writers & set(self.report.findings[case.id]))

    def test_only_the_known_cases_are_wrong(self):
        wrong = {(e.case, e.person) for e in self.report.errors}
        self.assertEqual(wrong, KNOWN_WRONG, self.describe(self.report.errors))

    def test_counts(self):
        self.assertGreaterEqual(sum(len(c.counts) for c in self.cases), 50)
        self.assertEqual(self.report.count_errors, [])
