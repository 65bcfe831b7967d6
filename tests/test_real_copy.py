"""Real copy in any language: languages detected, stored and searched in their own forms; the
boilerplate real feeds carry removed and real sentences kept; HTML headlines and bylines
cleaned; encodings read right; dates in the forms feeds use; a date's period honoured by
every date filter. Every rule with its bad inputs."""

import contextlib
import datetime
import io
import json
import shutil
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase, tag
from django.urls import reverse

from archive import languages, periods
from archive.ingest import cleaning
from archive.ingest.dates import parse_date_text
from archive.ingest.document import Block
from archive.ingest.files import decode
from archive.ingest.html import parse_html, strip_site_name
from archive.ingest.jsonl import holds_articles
from archive.models import Alias, Article
from tests.base import ArchiveTestCase

FRENCH = (
    "Le dirigeant nord-coréen Kim Jong Un est arrivé mardi à Pékin pour sa quatrième visite "
    "en Chine en moins d'un an, a rapporté la presse d'État, alors qu'il prépare un second "
    "sommet avec le président américain Donald Trump."
)
RUSSIAN = (
    "Президент России Владимир Путин провёл переговоры с лидером КНДР Ким Чен Ыном во "
    "Владивостоке. Стороны обсудили ситуацию на Корейском полуострове и экономические связи."
)
ENGLISH = (
    "North Korean leader Kim Jong Un arrived in Beijing on Tuesday for his fourth visit to "
    "China in less than a year, state media reported, as he prepares for a second summit."
)


class LanguageDetectionTests(SimpleTestCase):
    def test_the_text_decides_and_a_declared_language_must_agree(self):
        self.assertEqual(languages.detect(FRENCH).code, "fr")
        self.assertEqual(languages.detect(RUSSIAN).code, "ru")
        self.assertEqual(languages.detect(ENGLISH, "en-GB"), languages.Detected("en"))
        wrong = languages.detect(FRENCH, "en")
        self.assertEqual(wrong.code, "fr")
        self.assertIn("the text is French", wrong.note)

    def test_text_nobody_can_tell_is_unknown_not_english(self):
        for text in ("Taxi", "12/22/16", "https://example.org/a/b/c-d-e-f.html", "", "🇺🇳 🤝"):
            with self.subTest(text=text):
                self.assertEqual(languages.detect(text, "en").code, languages.UNKNOWN)

    def test_declared_codes_are_read_in_their_common_forms(self):
        for value, code in (("en-GB", "en"), ("FR", "fr"), ("rus", "ru"), ("klingon", "")):
            self.assertEqual(languages.normalise_code(value), code)


class BoilerplateTests(SimpleTestCase):
    def clean(self, *paragraphs):
        blocks = [(Block.from_text(p), None) for p in paragraphs]
        return [b.text for b in cleaning.clean_body(blocks, find_standfirst=False).blocks]

    def test_what_real_feeds_carry_is_removed(self):
        kept = self.clean(
            "FILE - In this June 12, 2018, file photo, North Korean leader Kim Jong Un meets "
            "U.S. President Donald Trump in Singapore.",
            f"{ENGLISH} Trump to advise on Kim Jong Un: report MORE",
            "Related: Kim arrives in Beijing for talks with Xi",
            "READ MORE: What the summit means for sanctions",
            "Click here to get the latest news on your phone.",
            "Share this article",
            "By The Associated Press",
            "Copyright 2019 The Associated Press. All rights reserved.",
            "Moon urges more talks MORE",
        )
        self.assertEqual(kept, [ENGLISH])

    def test_real_sentences_are_never_dropped(self):
        sentences = [
            "He said the two sides wanted more.",
            "Related talks are expected next month, officials said.",
            "The file photo showed Kim smiling, state media said on Tuesday.",
            "Share prices in Seoul rose after the summit was announced.",
            "A FILE of documents was handed over at the border.",
        ]
        self.assertEqual(self.clean(*sentences), sentences)

    def test_a_byline_keeps_only_the_names_it_gives(self):
        for raw, names in (
            ("Username", ""),
            ("Phil Helsel is a reporter for NBC News", "Phil Helsel"),
            ("GILLIAN MOHNEY March", "Gillian Mohney"),
            ("By Hyung-jin Kim and Foster Klug", "Hyung-jin Kim, Foster Klug"),
            ("Kim Tong-Hyung, Kim Tong-Hyung", "Kim Tong-Hyung"),
            ("Staff Reporter", ""),
            ("By The Associated Press", ""),
        ):
            with self.subTest(raw=raw):
                self.assertEqual(cleaning.clean_byline(raw), names)


class HtmlMetadataTests(SimpleTestCase):
    def test_site_names_are_not_part_of_a_headline(self):
        for title, site, expected in (
            ("Kim Jong Un visits Beijing | Al Bawaba", "", "Kim Jong Un visits Beijing"),
            ("Yahoo News - Latest News & Headlines", "Yahoo News", ""),
            ("Kim meets Xi - The Korea Herald", "The Korea Herald", "Kim meets Xi"),
            ("Trump-Kim summit: what we know", "", "Trump-Kim summit: what we know"),
        ):
            with self.subTest(title=title):
                self.assertEqual(strip_site_name(title, site), expected)

    def test_the_page_article_metadata_is_preferred(self):
        paragraphs = "".join(f"<p>{ENGLISH} Paragraph {n}.</p>" for n in range(4))
        page = (
            '<html lang="en"><head><title>Yahoo News - Latest News &amp; Headlines</title>'
            '<meta property="og:title" content="Kim arrives in Beijing | Yahoo News">'
            '<meta property="og:site_name" content="Yahoo News">'
            '<meta name="author" content="GILLIAN MOHNEY March"></head>'
            f"<body><article>{paragraphs}</article></body></html>"
        )
        parsed = parse_html(page)
        self.assertEqual(parsed.title, "Kim arrives in Beijing")


class EncodingTests(SimpleTestCase):
    def test_every_encoding_real_files_come_in_is_read_right(self):
        cases = {
            "La délégation française à Pékin": "latin-1",
            "Kim’s “visit” – déjà vu": "cp1252",
            "金正恩委員長は北京を訪問し、習近平国家主席と会談した。両首脳は協議した。": "shift_jis",
            "朝鲜最高领导人金正恩抵达北京，与中国国家主席习近平举行会谈。": "gb18030",
            "Kim Jong Un met Xi Jinping in Beijing.": "utf-16-le",
            "Kim Jong Un met Xi Jinping in Beijing. ": "utf-16-be",
            "Переговоры в Пекине": "utf-16",
        }
        for text, encoding in cases.items():
            with self.subTest(encoding=encoding):
                self.assertEqual(decode(text.encode(encoding))[0].strip(), text.strip())

    def test_mojibake_is_repaired_not_stored(self):
        self.assertEqual(decode("Kim’s visit".encode().decode("cp1252").encode())[0], "Kim’s visit")


class DateFormTests(SimpleTestCase):
    def test_the_forms_feeds_use_are_read_with_their_precision(self):
        for text, value, precision in (
            ("12/22/16", datetime.date(2016, 12, 22), "day"),
            ("22.12.2016", datetime.date(2016, 12, 22), "day"),
            ("Dec 22, 2016", datetime.date(2016, 12, 22), "day"),
            ("Thu, 22 Dec 2016 10:00:00 +0000", datetime.date(2016, 12, 22), "day"),
            ("June 2019", datetime.date(2019, 6, 1), "month"),
            ("2019", datetime.date(2019, 1, 1), "year"),
        ):
            with self.subTest(text=text):
                parsed = parse_date_text(text)
                self.assertEqual(
                    (parsed.value, parsed.precision, parsed.problem), (value, precision, "")
                )

    def test_an_ambiguous_order_keeps_the_year_and_says_so(self):
        parsed = parse_date_text("03/04/16")
        self.assertEqual((parsed.value, parsed.precision), (datetime.date(2016, 1, 1), "year"))
        self.assertIn("either way round", parsed.problem)

    def test_impossible_dates_are_refused(self):
        for text in ("31/02/2016", "13/13/2016", "00/12/2016"):
            with self.subTest(text=text):
                self.assertIsNone(parse_date_text(text).value)


class PeriodTests(SimpleTestCase):
    def test_a_date_is_a_period_and_ranges_overlap_it(self):
        year = periods.period(datetime.date(2019, 1, 1), "year")
        self.assertEqual(year, (datetime.date(2019, 1, 1), datetime.date(2019, 12, 31)))
        self.assertEqual(
            periods.period(datetime.date(2020, 2, 1), "month")[1], datetime.date(2020, 2, 29)
        )
        march_to_december = (datetime.date(2019, 3, 1), datetime.date(2019, 12, 31))
        new_year = (datetime.date(2019, 1, 1), datetime.date(2019, 1, 1))
        for span in (march_to_december, new_year):
            self.assertTrue(periods.overlaps(*year, *span))
            self.assertTrue(periods.imprecise_within(*year, *span))
        self.assertFalse(periods.overlaps(*year, datetime.date(2020, 1, 1), None))
        self.assertFalse(periods.imprecise_within(*year, datetime.date(2019, 1, 1), None))
        self.assertEqual(periods.period(None, "unknown"), (None, None))


class RealCopyImportTests(ArchiveTestCase):
    def setUp(self):
        super().setUp()
        self.folder = Path(tempfile.mkdtemp(prefix="real-copy-"))
        self.addCleanup(shutil.rmtree, self.folder, True)

    def run_import(self, *paths):
        out = io.StringIO()
        with contextlib.suppress(CommandError):
            call_command("import_articles", *map(str, paths), stdout=out, no_progress=True)
        return out.getvalue()

    def write_lines(self, records, name="feed.jsonl", encoding="utf-8"):
        path = self.folder / name
        path.write_bytes(
            "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode(encoding)
        )
        return path

    def test_languages_are_detected_stored_and_searched_in_their_own_forms(self):
        path = self.write_lines(
            [
                {"title": "Путин и Ким", "body": RUSSIAN, "source": "TASS", "language": "en"},
                {"title": "Kim à Pékin", "body": FRENCH, "source": "AFP"},
                {"title": "Kim in Beijing", "body": ENGLISH, "source": "Reuters", "language": "en"},
                {"title": "Brief", "body": "12/22/16 - 14:30", "source": "Reuters"},
            ]
        )
        self.run_import(path)
        russian = Article.objects.get(title="Путин и Ким")
        self.assertEqual(russian.language, "ru")
        self.assertIn("the text is Russian", russian.import_notes)
        self.assertIn(russian, Article.objects.needing_attention())
        self.assertEqual(Article.objects.get(title="Kim à Pékin").language, "fr")
        self.assertEqual(Article.objects.get(title="Kim in Beijing").language, "en")
        self.index_everything()
        # Another form of the word than the text's: found through the Russian field.
        found = self.client.get(reverse("search"), {"q": "переговоров"})
        self.assertEqual([r["article"].title for r in found.context["rows"]], ["Путин и Ким"])
        self.assertContains(found, "<mark>переговоры</mark>", html=False)
        facets = {f["name"]: f["count"] for f in found.context["facets"]["languages"]}
        self.assertEqual(facets, {"Russian": 1})
        french = self.client.get(reverse("search"), {"q": "visites présidents"})
        self.assertEqual([r["article"].title for r in french.context["rows"]], ["Kim à Pékin"])
        only_french = self.client.get(reverse("search"), {"q": "kim", "language": "fr"})
        self.assertEqual({r["article"].language for r in only_french.context["rows"]}, {"fr"})
        bad = self.client.get(reverse("search"), {"q": "kim", "language": "<x>"})
        self.assertEqual(bad.status_code, 200)
        self.assertGreater(bad.context["total"], 1, "a bad filter is left out")
        browse = self.client.get(reverse("browse"), {"language": "ru", "date": "unknown"})
        self.assertEqual([a.title for a in browse.context["page"]], ["Путин и Ким"])
        self.assertIn(("ru", "Russian"), browse.context["languages"])

    def test_a_person_is_suggested_by_an_alias_in_any_script(self):
        Alias.objects.create(person=self.kim, name="Ким Чен Ын")
        for typed in ("ким", "Чен Ын", "kim jong"):
            with self.subTest(typed=typed):
                found = self.client.get(reverse("person_autocomplete"), {"q": typed}).json()
                self.assertEqual([p["name"] for p in found["results"]], ["Kim Jong Un"])

    def test_dates_in_the_forms_feeds_use_and_ambiguous_ones_flagged(self):
        path = self.write_lines(
            [
                {"title": "A", "body": ENGLISH + " A.", "source": "AP", "published": "12/22/16"},
                {"title": "B", "body": ENGLISH + " B.", "source": "AP", "published": "03/04/16"},
            ]
        )
        self.run_import(path)
        a, b = Article.objects.get(title="A"), Article.objects.get(title="B")
        self.assertEqual((a.published, a.date_precision), (datetime.date(2016, 12, 22), "day"))
        self.assertEqual((b.published, b.date_precision), (datetime.date(2016, 1, 1), "year"))
        self.assertIn(b, Article.objects.needing_attention())

    def test_a_year_only_article_is_in_every_range_that_overlaps_its_year(self):
        Article.objects.create(
            title="Dated only to the year",
            body=f"<p>{ENGLISH}</p>",
            published=datetime.date(2019, 1, 1),
            date_precision="year",
        )
        self.index_everything()
        for start, end in (("2019-03", "2019-12"), ("2019-01-01", "2019-01-01")):
            with self.subTest(start=start, end=end):
                page = self.client.get(
                    reverse("search"), {"q": "beijing", "from": start, "to": end}
                )
                rows = {r["article"].title: r["article"] for r in page.context["rows"]}
                self.assertIn("Dated only to the year", rows)
                self.assertTrue(rows["Dated only to the year"].imprecise)
                self.assertContains(page, "(imprecise date)")
        outside = self.client.get(reverse("search"), {"q": "beijing", "from": "2020-01-01"})
        self.assertNotIn(
            "Dated only to the year", [r["article"].title for r in outside.context["rows"]]
        )
        month = self.client.get(reverse("archive_month", args=[2019, 6]))
        listed = {a.title: a for a in month.context["page"]}
        self.assertTrue(listed["Dated only to the year"].imprecise)
        browse = self.client.get(reverse("browse"), {"year": 2019, "month": 6})
        self.assertIn("Dated only to the year", [a.title for a in browse.context["page"]])
        whole_year = self.client.get(reverse("browse"), {"year": 2019})
        self.assertFalse(
            next(
                a for a in whole_year.context["page"] if a.title == "Dated only to the year"
            ).imprecise
        )

    def test_a_folder_skips_what_is_no_article_once_and_reads_utf16(self):
        (self.folder / "package.json").write_text('{\n  "name": "x",\n  "version": "1"\n}\n')
        (self.folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
        self.write_lines(
            [{"title": "UTF-16 line", "body": ENGLISH, "source": "AP"}], "utf16.jsonl", "utf-16-le"
        )
        (self.folder / "latin.txt").write_bytes(
            f"La délégation à Pékin\n\n{FRENCH}\n".encode("latin-1")
        )
        out = self.run_import(self.folder)
        self.assertIn("not JSON lines of articles", out)
        self.assertEqual(out.count("package.json"), 1)
        self.assertIn("photo.jpg", out)
        self.assertIn("failed 0", out)
        self.assertTrue(Article.objects.filter(title="UTF-16 line").exists())
        self.assertTrue(Article.objects.filter(title="La délégation à Pékin").exists())

    def test_json_files_of_other_data_are_told_apart(self):
        self.assertTrue(holds_articles('{"title": "Kim", "body": "x"}'))
        self.assertTrue(holds_articles('{"title": "broken'))
        for line in ("{", "[", '{"name": "x", "version": "1"}', "[1, 2]", "not json"):
            self.assertFalse(holds_articles(line), line)


@tag("sqlite-only")
class OutdatedIndexTests(ArchiveTestCase):
    def test_setup_rebuilds_an_index_built_with_other_fields(self):
        from haystack import connections
        from whoosh.fields import ID, Schema
        from whoosh.index import open_dir

        backend = connections["default"].get_backend()
        self.index_everything()
        self.assertFalse(backend.schema_outdated())
        old = backend.generations.create_empty(Schema(id=ID(stored=True, unique=True)))
        writer = open_dir(old).writer()
        writer.add_document(id="archive.article.1")
        writer.commit()
        self.assertTrue(backend.schema_outdated())
        out = io.StringIO()
        call_command("setup_archive", "--no-admin", stdout=out)
        self.assertIn("rebuilding", out.getvalue())
        self.assertFalse(backend.schema_outdated())
