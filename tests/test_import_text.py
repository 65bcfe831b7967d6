"""The plain-text parser on the five seeds and on shapes they stand for."""

import datetime
from pathlib import Path

from django.test import SimpleTestCase

from archive.ingest.text import parse_text

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


def seed(name):
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return parse_text(path.read_text(encoding="utf-8"), origin=str(path))


def body(article):
    return article.body_text()


class SeedZeroTests(SimpleTestCase):
    """000: a date stamp glued to the first line, no headline, a photo caption, adverts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.article = seed("000")

    def test_it_reads_the_date_header_with_day_precision(self):
        self.assertEqual(self.article.published, datetime.date(2019, 6, 17))
        self.assertEqual(self.article.precision, "day")

    def test_it_derives_the_headline_from_the_first_sentence(self):
        self.assertEqual(
            self.article.title,
            "Chinese President Xi Jinping will make a state visit to North Korea this week",
        )

    def test_it_keeps_the_first_paragraph_without_the_date_stamp(self):
        self.assertTrue(body(self.article).startswith("Chinese President Xi Jinping will make"))
        self.assertNotIn("2019-06-17", body(self.article))

    def test_it_drops_adverts_and_the_photo_caption(self):
        text = body(self.article)
        self.assertNotIn("Advertising", text)
        self.assertNotIn("Vladimir Voronin", text)
        self.assertNotIn("(Vladimir Voronin/AP)", text)

    def test_it_leaves_the_source_empty_when_the_copy_does_not_state_it(self):
        self.assertEqual(self.article.source_name, "")

    def test_it_keeps_every_real_paragraph(self):
        self.assertEqual(len(self.article.blocks), 15)
        self.assertTrue(
            body(self.article).endswith(
                "highlighting Beijing’s role as a player in the nuclear standoff."
            )
        )


class SeedOneTests(SimpleTestCase):
    """001: a site banner, a section label, the publisher twice, a dated header line."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.article = seed("001")

    def test_it_finds_the_headline_among_the_header_lines(self):
        self.assertEqual(
            self.article.title, "China president's North Korea visit to send strong message to US"
        )

    def test_it_reads_the_long_date_form(self):
        self.assertEqual(self.article.published, datetime.date(2019, 6, 18))
        self.assertEqual(self.article.precision, "day")

    def test_it_takes_the_publisher_from_the_header(self):
        self.assertEqual(self.article.source_name, "Press TV")

    def test_it_drops_banner_section_label_and_mailing_list_prompt(self):
        text = body(self.article)
        for junk in (
            "JOIN NOW",
            "Weapons of Mass Destruction",
            "Iran Press TV",
            "Join the mailing list",
            "04:01PM",
        ):
            self.assertNotIn(junk, text)

    def test_it_starts_the_body_at_the_first_paragraph(self):
        self.assertTrue(body(self.article).startswith("Chinese President Xi Jinping is set"))


class SeedTwoTests(SimpleTestCase):
    """002: headline, standfirst, image text and captions twice, a subheading, a footer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.article = seed("002")

    def test_it_reads_headline_and_standfirst(self):
        self.assertEqual(
            self.article.title, "North Korea’s Kim visiting China at Xi Jinping’s invitation"
        )
        self.assertTrue(self.article.standfirst.startswith("Visit comes days after"))

    def test_it_drops_captions_repeated_twice_and_the_image_text(self):
        text = body(self.article)
        for junk in (
            "Jason Lee/Reuters",
            "Thomas Peter/Reuters",
            "Ju Peng/Xinhua",
            "Train believed to be carrying",
            "A vehicle that is part of a motorcade",
            "Kim and Xi met three times last year",
        ):
            self.assertNotIn(junk, text)

    def test_it_takes_the_source_from_the_footer_and_drops_the_footer(self):
        self.assertEqual(self.article.source_name, "Al Jazeera")
        self.assertNotIn("Source:", body(self.article))

    def test_it_marks_the_subheading(self):
        headings = [b.text for b in self.article.blocks if b.tag == "h3"]
        self.assertEqual(headings, ["China’s role"])

    def test_it_flags_the_missing_date_rather_than_inventing_one(self):
        self.assertIsNone(self.article.published)
        self.assertEqual(self.article.precision, "unknown")


class SeedThreeTests(SimpleTestCase):
    """003: no headline, an ad placeholder, an agency sign-off."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.article = seed("003")

    def test_it_shortens_the_first_sentence_into_a_headline(self):
        self.assertEqual(
            self.article.title,
            "North Korean leader Kim Jong-un will make his first visit to China in six years "
            "to attend a military parade next week",
        )
        self.assertLessEqual(len(self.article.title), 120)

    def test_it_strips_the_sign_off_and_credits_the_agency(self):
        self.assertEqual(self.article.source_name, "Associated Press")
        self.assertTrue(body(self.article).endswith("after the Ukraine war ends."))

    def test_it_drops_the_ad_placeholder(self):
        self.assertNotIn("RM Block", body(self.article))

    def test_it_leaves_the_date_unknown(self):
        self.assertEqual(self.article.precision, "unknown")


class SeedFourTests(SimpleTestCase):
    """004: a dateline, a separator and a writer's credit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.article = seed("004")

    def test_it_takes_out_the_dateline(self):
        self.assertEqual(self.article.dateline, "SEOUL, South Korea")
        self.assertTrue(body(self.article).startswith("North Korean leader Kim Jong Un is making"))

    def test_it_drops_the_credit_and_separator_but_credits_the_agency(self):
        text = body(self.article)
        self.assertNotIn("contributed to this story", text)
        self.assertNotIn("———", text)
        self.assertEqual(self.article.source_name, "Associated Press")

    def test_it_derives_a_headline_without_the_attribution(self):
        self.assertEqual(
            self.article.title, "North Korean leader Kim Jong Un is making a four-day trip to China"
        )


class TextShapeTests(SimpleTestCase):
    def test_it_reads_key_value_headers(self):
        article = parse_text(
            "Title: Putin meets Kim\nDate: 2023-09-13\nSource: Reuters\n"
            "URL: https://example.com/a\n\nRussian President Vladimir Putin met North Korean "
            "leader Kim Jong Un at a spaceport in the Russian Far East on Wednesday.\n"
        )
        self.assertEqual(article.title, "Putin meets Kim")
        self.assertEqual(article.published, datetime.date(2023, 9, 13))
        self.assertEqual(article.source_name, "Reuters")
        self.assertEqual(article.url, "https://example.com/a")

    def test_it_reads_a_month_precision_date_line(self):
        article = parse_text(
            "Kim and Putin meet\n\nSeptember 2023\n\nRussian President Vladimir Putin met "
            "North Korean leader Kim Jong Un at a spaceport on Wednesday, officials said.\n"
        )
        self.assertEqual(article.published, datetime.date(2023, 9, 1))
        self.assertEqual(article.precision, "month")

    def test_it_reports_an_impossible_date_and_keeps_it_unknown(self):
        article = parse_text(
            "date 2050-09-30 North Korean leader Kim Jong Un met Chinese President Xi Jinping "
            "in Beijing on Tuesday, state media said.\n"
        )
        self.assertIsNone(article.published)
        self.assertEqual(article.precision, "unknown")
        self.assertIn("2050-09-30", article.notes[0])

    def test_it_takes_a_reuters_dateline_and_source(self):
        article = parse_text(
            "Kim visits Beijing\n\nBEIJING (Reuters) - North Korean leader Kim Jong Un arrived "
            "in Beijing on Tuesday for talks with Chinese President Xi Jinping.\n"
        )
        self.assertEqual(article.dateline, "BEIJING")
        self.assertEqual(article.source_name, "Reuters")
        self.assertTrue(article.blocks[0].text.startswith("North Korean leader"))

    def test_it_joins_hard_wrapped_paragraphs(self):
        article = parse_text(
            "Talks resume\n\n"
            "North Korean and American negotiators met in Stockholm on Saturday\n"
            "for the first working-level talks in months, officials from both\n"
            "sides said after the meeting ended.\n\n"
            "The talks broke down within hours, with the North's envoy blaming\n"
            "Washington for coming to the table empty-handed, a statement from\n"
            "the delegation said late on Saturday.\n"
        )
        self.assertEqual(len(article.blocks), 2)
        self.assertIn("in months, officials from both sides said", article.blocks[0].text)

    def test_it_escapes_markup_in_plain_text(self):
        article = parse_text(
            "Headline here\n\nA paragraph that mentions <script>alert(1)</script> and "
            "x <img src=x onerror=alert(1)// as plain words in running copy today.\n"
        )
        html = article.body_html()
        self.assertNotIn("<script", html)
        self.assertNotIn("<img", html)
        self.assertIn("&lt;script&gt;", html)

    def test_it_parses_whitespace_only_text_to_no_body(self):
        article = parse_text("   \n\n \t \n")
        self.assertEqual(article.blocks, [])
