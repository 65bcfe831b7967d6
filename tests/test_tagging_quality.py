"""The tagger measured on the labelled set in tests/tagging_cases (see its README.md).

Pairs are (article, person), micro-averaged. The thresholds are what the tagger reaches,
rounded down a little; the pairs it still gets wrong are listed by name, so a fix or a
regression anywhere shows up here. benchmark/tagging_quality.py prints the same scores.
"""

from dataclasses import replace

from django.test import SimpleTestCase

from tests.tagging_cases.labelled import (
    build_gazetteer,
    evaluate,
    load_cases,
    load_office_cases,
    load_people,
    load_reference_people,
)

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


# (case, person): what the tagger gets wrong on the office set, and why.
KNOWN_WRONG_OFFICES = {
    # The day parliament elected a new prime minister: the article's day is both holders'.
    ("off-japan-pm-handover-day", "fumio-kishida"),
    # "Clinton in Pyongyang" (2009): the label wants no one for the bare surname in the
    # headline; Hillary Clinton is the only Clinton who held a leading office that day (she was
    # secretary of state) and Bill Clinton, who made the trip, is not in the gazetteer's
    # leading offices then. Right by the rule, wrong by the story.
    ("off-clinton-in-pyongyang", "hillary-clinton"),
    # No date: NATO's secretary general could be any of four; more than three, no suggestion.
    ("off-nato-sg-undated", "jens-stoltenberg"),
    # Dated only to the year in which Japan had two prime ministers: both suggested.
    ("off-japan-pm-year-context", "shigeru-ishiba"),
    # "The president" with no country: too vague for the tagger to name anyone.
    ("off-vague-the-president", "yoon-suk-yeol"),
    # "Kim" at the DMZ beside Kim Jae-ryong (the premier's office is leading): two leading
    # Kims that day, so both are suggested; the story makes it Kim Jong Un.
    ("off-trump-kim-moon-dmz", "kim-jae-ryong"),
    ("off-trump-kim-moon-dmz", "kim-jong-un"),
    # A headline's bare "Kim" over an article naming Kim Yo Jong goes to her.
    ("off-kim-with-sister-named", "kim-jong-un"),
    # "Mrs. Trump": two women in the gazetteer share the surname; both are suggested.
    ("off-mrs-trump-with-president", "ivanka-trump"),
    ("off-mrs-trump-alone", "ivanka-trump"),
    # "Egypt's leader" dated only to the year of an election: Sisi suggested, not auto.
    ("off-arabic-sisi-posters", "abdel-fattah-el-sisi"),
}


class OfficeTaggingQualityTests(SimpleTestCase):
    """The reference gazetteer (fixtures/people) on articles_offices.json: office phrases
    resolved on the article's date, lone surnames of office-holders, forms of address."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.people = load_reference_people()
        cls.cases = load_office_cases(cls.people)
        cls.report = evaluate(cls.cases, cls.people, build_gazetteer(cls.people))
        undated = [replace(c, when=None) for c in cls.cases]
        cls.without = evaluate(undated, cls.people, build_gazetteer(cls.people, offices=False))

    def describe(self, errors):
        return "\n".join(
            f"{e.case}: {e.person} expected {e.expected}, got {e.found} ({e.context[:80]})"
            for e in errors
        )

    def test_the_set_covers_the_office_rules(self):
        self.assertGreaterEqual(len(self.cases), 60)
        rules = {rule for case in self.cases for rule in case.rules}
        self.assertTrue(
            {"office", "office-boundary", "form-of-address", "two-kims", "unknown-person", "script"}
            <= rules,
            rules,
        )

    def test_offices_and_dates_find_what_names_alone_cannot(self):
        report, without = self.report, self.without
        self.assertEqual(report.auto_leaders.precision, 1.0, self.describe(report.errors))
        self.assertGreaterEqual(report.auto.precision, 0.98, self.describe(report.errors))
        self.assertGreaterEqual(report.auto.recall, 0.95, self.describe(report.errors))
        self.assertGreaterEqual(report.auto_leaders.recall, 0.94)
        self.assertLess(without.auto.recall, 0.5)
        self.assertGreaterEqual(report.suggested_right, 19)
        self.assertLessEqual(report.suggested_noise, 5)

    def test_only_the_known_cases_are_wrong(self):
        wrong = {(e.case, e.person) for e in self.report.errors}
        self.assertEqual(wrong, KNOWN_WRONG_OFFICES, self.describe(self.report.errors))
