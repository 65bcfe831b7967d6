import datetime

from django.test import SimpleTestCase

from archive.ingest.dates import looks_like_date_line, parse_date_text, parse_iso_date


class DateParsingTests(SimpleTestCase):
    def test_it_reads_common_forms_with_their_precision(self):
        cases = {
            "2019-06-17": (datetime.date(2019, 6, 17), "day"),
            "Tue Jun 18, 2019 04:01PM": (datetime.date(2019, 6, 18), "day"),
            "18 June 2019": (datetime.date(2019, 6, 18), "day"),
            "June 18, 2019": (datetime.date(2019, 6, 18), "day"),
            "Published: 8 January 2019": (datetime.date(2019, 1, 8), "day"),
            "Updated on January 8, 2019 at 10:31 GMT": (datetime.date(2019, 1, 8), "day"),
            "January 2019": (datetime.date(2019, 1, 1), "month"),
            "2019-01": (datetime.date(2019, 1, 1), "month"),
            "2019": (datetime.date(2019, 1, 1), "year"),
            "2019-06-17T23:30:00Z": (datetime.date(2019, 6, 17), "day"),
        }
        for text, expected in cases.items():
            with self.subTest(text=text):
                parsed = parse_date_text(text)
                self.assertEqual((parsed.value, parsed.precision), expected)

    def test_it_refuses_impossible_and_future_dates_with_a_reason(self):
        for text in ("0001-11-30", "2050-09-30", "1850-01-01", "2019-02-30"):
            with self.subTest(text=text):
                parsed = parse_iso_date(text)
                self.assertIsNone(parsed.value)
                self.assertEqual(parsed.precision, "unknown")
                self.assertTrue(parsed.problem)

    def test_it_never_invents_a_date(self):
        for text in ("", "last Tuesday", "on Thursday and Friday", "the 70th anniversary"):
            with self.subTest(text=text):
                self.assertIsNone(parse_date_text(text).value)

    def test_it_tells_a_date_line_from_a_sentence(self):
        self.assertTrue(looks_like_date_line("Tue Jun 18, 2019 04:01PM"))
        self.assertTrue(looks_like_date_line("Updated: 18 June 2019"))
        self.assertFalse(looks_like_date_line("Kim visited China in June 2019 for talks"))
        self.assertFalse(looks_like_date_line("Iran Press TV"))
