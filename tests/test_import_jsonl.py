"""JSON lines: one article a line, each checked on its own."""

import datetime
import json

from django.test import SimpleTestCase

from archive.ingest.jsonl import BadRecord, parse_line

BODY = (
    "North Korean leader Kim Jong Un met Chinese President Xi Jinping in Beijing on "
    "Tuesday, state media said."
)


def line(**fields):
    record = {"title": "Kim meets Xi", "body": BODY, "source": "Xinhua"}
    record.update(fields)
    return json.dumps({k: v for k, v in record.items() if v is not None})


class JsonLinesTests(SimpleTestCase):
    def test_it_reads_every_documented_field(self):
        article = parse_line(
            line(
                url="https://example.com/kim-xi",
                published="2019-01-08T09:30:00+09:00",
                authors=["Jane Doe", "John Roe"],
                language="en",
            )
        )
        self.assertEqual(article.title, "Kim meets Xi")
        self.assertEqual(article.source_name, "Xinhua")
        self.assertEqual(article.url, "https://example.com/kim-xi")
        self.assertEqual(article.published, datetime.date(2019, 1, 8))
        self.assertEqual(article.precision, "day")
        self.assertEqual(article.byline, "Jane Doe, John Roe")
        self.assertEqual(article.language, "en")

    def test_it_takes_a_date_without_time_and_a_month(self):
        self.assertEqual(
            parse_line(line(published="2019-01-08")).published, datetime.date(2019, 1, 8)
        )
        article = parse_line(line(published="2019-01"))
        self.assertEqual(
            (article.published, article.precision), (datetime.date(2019, 1, 1), "month")
        )

    def test_it_keeps_impossible_dates_unknown_and_says_why(self):
        for value in ("0001-11-30", "2050-09-30", "2019-02-30", "yesterday", 20190108):
            with self.subTest(value=value):
                article = parse_line(line(published=value))
                self.assertIsNone(article.published)
                self.assertEqual(article.precision, "unknown")
                self.assertTrue(article.notes, "the problem must be reported")

    def test_it_sanitizes_an_html_body(self):
        article = parse_line(
            line(
                body=(
                    "<p>" + BODY + "</p><script>alert(1)</script>"
                    "<p onclick='x()'>More <a href='javascript:alert(1)'>here</a> and "
                    "<a href='https://ok.example/'>there</a>.</p><img src=x onerror=alert(1)>"
                )
            )
        )
        html = article.body_html()
        self.assertEqual(len(article.blocks), 2)
        self.assertIn('<a href="https://ok.example/">there</a>', html)
        for bad in ("<script", "alert", "onclick", "javascript:", "<img"):
            self.assertNotIn(bad, html)

    def test_it_splits_a_text_body_into_paragraphs(self):
        article = parse_line(line(body=BODY + "\n\nSecond paragraph of the report here."))
        self.assertEqual([b.tag for b in article.blocks], ["p", "p"])

    def test_it_rejects_a_record_without_title_or_body(self):
        for record in (
            line(title=None),
            line(title="   "),
            line(body=None),
            line(body=""),
            line(body=42),
            line(title=["x"]),
        ):
            with self.subTest(record=record), self.assertRaises(BadRecord):
                parse_line(record)

    def test_it_rejects_what_is_not_a_json_object(self):
        for text in ("{not json", "[1, 2]", '"text"', "null", "{" * 100000):
            with self.subTest(text=text[:20]), self.assertRaises(BadRecord):
                parse_line(text)

    def test_it_ignores_a_url_that_is_not_http(self):
        article = parse_line(line(url="javascript:alert(1)"))
        self.assertEqual(article.url, "")
        self.assertTrue(article.notes)
