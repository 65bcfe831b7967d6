"""`manage.py import_articles`: the good paths, the bad paths, and what is stored."""

import io
import json
import shutil
import tempfile
import tracemalloc
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from archive.models import Article, Mention, PendingIndexUpdate
from tests.base import ArchiveTestCase

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
BODY = (
    "North Korean leader Kim Jong Un met Chinese President Xi Jinping in Beijing on Tuesday, "
    "state media said, in their fourth meeting in less than a year."
)


def record(n, **fields):
    data = {
        "title": f"Report {n}",
        "body": f"{BODY} Report number {n}.",
        "source": "Reuters",
        "published": "2019-01-08",
    }
    data.update(fields)
    return json.dumps(data)


class ImportCommandTests(ArchiveTestCase):
    def setUp(self):
        super().setUp()
        self.folder = Path(tempfile.mkdtemp(prefix="import-"))
        self.addCleanup(shutil.rmtree, self.folder, True)

    def run_import(self, *paths, fail_ok=False, **options):
        out = io.StringIO()
        try:
            call_command(
                "import_articles", *[str(p) for p in paths], stdout=out, no_progress=True, **options
            )
        except CommandError as exc:
            if not fail_ok:
                raise AssertionError(f"import failed: {exc}\n{out.getvalue()}") from exc
            return out.getvalue(), exc
        return out.getvalue(), None

    def write(self, name, content, mode="w"):
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if mode == "wb":
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def test_it_imports_the_seed_folder_and_tags_people(self):
        before = Article.objects.count()
        output, _ = self.run_import(SEEDS)
        self.assertEqual(Article.objects.count(), before + 5)
        self.assertIn("created 5", output)
        article = Article.objects.get(title__startswith="North Korean leader Kim Jong Un is making")
        self.assertEqual(article.source.name, "Associated Press")
        self.assertEqual(article.dateline, "SEOUL, South Korea")
        tagged = set(
            Mention.objects.visible().filter(article=article).values_list("person__name", flat=True)
        )
        self.assertEqual(tagged, {"Kim Jong Un", "Xi Jinping"})

    def test_it_changes_nothing_when_the_same_files_are_imported_again(self):
        self.run_import(SEEDS)
        snapshot = list(Article.objects.order_by("id").values())
        output, _ = self.run_import(SEEDS)
        self.assertIn("created 0, updated 0, duplicates skipped 5", output)
        self.assertEqual(list(Article.objects.order_by("id").values()), snapshot)

    def test_it_skips_the_same_copy_under_another_name(self):
        shutil.copy(next(SEEDS.glob("004_*")), self.folder / "copy-of-ap-story.txt")
        self.run_import(next(SEEDS.glob("004_*")))
        output, _ = self.run_import(self.folder)
        self.assertIn("duplicates skipped 1", output)

    def test_it_updates_an_article_when_its_url_comes_back_with_new_content(self):
        url = "https://example.com/kim-xi"
        self.run_import(self.write("a.jsonl", record(1, url=url)))
        article = Article.objects.get(url=url)
        self.run_import(
            self.write(
                "b.jsonl",
                record(1, url=url, body=BODY + " Updated.", title="Kim meets Xi (updated)"),
            )
        )
        article.refresh_from_db()
        self.assertEqual(Article.objects.filter(url=url).count(), 1)
        self.assertEqual(article.title, "Kim meets Xi (updated)")
        self.assertIn("Updated.", article.body)

    def test_it_reports_a_broken_line_by_number_and_imports_the_good_ones(self):
        lines = [record(1), record(2), "{this is not json", record(4)]
        path = self.write("mixed.jsonl", "\n".join(lines) + "\n")
        output, error = self.run_import(path, fail_ok=True)
        self.assertIsNotNone(error, "a failure must exit non-zero")
        self.assertIn(f"FAILED {path}:3: not valid JSON", output)
        self.assertEqual(Article.objects.filter(title__startswith="Report").count(), 3)

    def test_it_rejects_a_record_without_title_or_body(self):
        path = self.write(
            "bad.jsonl",
            "\n".join([json.dumps({"body": BODY}), json.dumps({"title": "No body"}), record(3)]),
        )
        output, _error = self.run_import(path, fail_ok=True)
        self.assertIn(":1: the record has no title", output)
        self.assertIn(":2: the record has no body", output)
        self.assertEqual(Article.objects.filter(title__startswith="Report").count(), 1)

    def test_it_stores_impossible_dates_as_unknown_and_reports_them(self):
        path = self.write(
            "dates.jsonl",
            "\n".join([record(1, published="0001-11-30"), record(2, published="2050-09-30")]),
        )
        output, _ = self.run_import(path)
        for n, value in ((1, "0001-11-30"), (2, "2050-09-30")):
            article = Article.objects.get(title=f"Report {n}")
            self.assertIsNone(article.published)
            self.assertEqual(article.date_precision, "unknown")
            self.assertIn(value, article.import_notes)
            self.assertIn(f"NOTE {path}:{n}: Date '{value}' ignored", output)

    def test_it_rejects_an_empty_file(self):
        output, error = self.run_import(self.write("empty.txt", ""), fail_ok=True)
        self.assertIn("the file is empty", output)
        self.assertIsNotNone(error)

    def test_it_rejects_a_binary_file(self):
        path = self.write(
            "photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 40, mode="wb"
        )
        output, _ = self.run_import(path, fail_ok=True)
        self.assertIn("the file is binary", output)

    def test_it_reads_a_file_that_is_not_utf8(self):
        text = (
            "Café talks in Pyongyang\n\nNorth Korean leader Kim Jong Un met envoys at a "
            "café in Pyongyang on Monday, the official news agency said.\n"
        )
        path = self.write("latin1.txt", text.encode("latin-1"), mode="wb")
        self.run_import(path)
        article = Article.objects.get(title="Café talks in Pyongyang")
        self.assertIn("café in Pyongyang", article.body)

    def test_it_refuses_a_50_mb_article_file_without_reading_it_whole(self):
        path = self.folder / "huge.txt"
        with open(path, "wb") as handle:
            handle.write((BODY + "\n").encode() * (50 * 1024 * 1024 // (len(BODY) + 1)))
        tracemalloc.start()
        output, _ = self.run_import(path, fail_ok=True)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        self.assertIn("more than one article can be", output)
        self.assertLess(peak, 10 * 1024 * 1024)

    def test_it_streams_a_50_mb_json_lines_file_in_bounded_memory(self):
        path = self.folder / "huge.jsonl"
        with open(path, "w") as handle:
            handle.write(record(1) + "\n")
            handle.write('{"title": "giant", "body": "' + "x" * (50 * 1024 * 1024) + '"}\n')
            handle.write(record(3) + "\n")
        tracemalloc.start()
        output, _ = self.run_import(path, fail_ok=True)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        self.assertIn(":2: the line is longer than", output)
        self.assertEqual(Article.objects.filter(title__startswith="Report").count(), 2)
        self.assertLess(peak, 20 * 1024 * 1024)

    def test_it_reports_an_html_page_without_an_article(self):
        path = self.write("nav.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
        output, _ = self.run_import(path, fail_ok=True)
        self.assertIn("no article text found", output)

    def test_it_imports_the_good_files_of_a_mixed_folder_and_lists_the_bad(self):
        shutil.copy(next(SEEDS.glob("002_*")), self.folder / "good.txt")
        self.write("sub/empty.txt", "")
        self.write("sub/binary.bin", b"\x00\x01\x02" * 1000, mode="wb")
        self.write("sub/lines.jsonl", record(1) + "\n{broken\n")
        self.write("sub/deeper/nav.html", "<html><body><p>Hi</p></body></html>")
        self.write("sub/dates.jsonl", record(5, published="2050-09-30") + "\n")
        output, error = self.run_import(self.folder, fail_ok=True)
        self.assertIsNotNone(error)
        self.assertIn("created 3", output)
        self.assertEqual(output.count("FAILED"), 4)
        for reason in (
            "the file is empty",
            "the file is binary",
            "lines.jsonl:2",
            "no article text found",
        ):
            self.assertIn(reason, output)

    def test_a_failing_article_leaves_no_partial_row_and_does_not_stop_the_rest(self):
        path = self.write("two.jsonl", record(1) + "\n" + record(2) + "\n")
        calls = {"n": 0}
        from archive import tagging

        real = tagging.Gazetteer.find_mentions

        def explode_once(gazetteer, segments, when=None):
            calls["n"] += 1
            if calls["n"] == 1:
                raise RuntimeError("tagger failed")
            return real(gazetteer, segments, when)

        with (
            mock.patch.object(tagging.Gazetteer, "find_mentions", explode_once),
            self.assertLogs("archive.ingest", "ERROR"),
        ):
            output, _error = self.run_import(path, fail_ok=True, no_index=True)
        self.assertIn(":1: unexpected error: RuntimeError('tagger failed')", output)
        # The article whose tagging failed was rolled back with its queue row; the next landed.
        self.assertFalse(Article.objects.filter(title="Report 1").exists())
        self.assertTrue(Article.objects.filter(title="Report 2").exists())
        report_2 = Article.objects.get(title="Report 2")
        queued = set(PendingIndexUpdate.objects.values_list("article_id", flat=True))
        self.assertEqual(queued, {report_2.id})

    def test_a_dry_run_writes_nothing(self):
        before = (Article.objects.count(), PendingIndexUpdate.objects.count())
        output, _ = self.run_import(SEEDS, dry_run=True)
        self.assertIn("Dry run, nothing written", output)
        self.assertIn("created 5", output)
        self.assertEqual((Article.objects.count(), PendingIndexUpdate.objects.count()), before)

    def test_it_says_when_there_is_nothing_to_import(self):
        with self.assertRaisesMessage(CommandError, "No such file or folder"):
            call_command("import_articles", str(self.folder / "missing"), stdout=io.StringIO())
        with self.assertRaisesMessage(CommandError, "No files found"):
            call_command("import_articles", str(self.folder), stdout=io.StringIO())

    def test_the_help_documents_every_option(self):
        from archive.management.commands.import_articles import Command

        parser = Command().create_parser("manage.py", "import_articles")
        help_text = parser.format_help()
        for option in ("--dry-run", "--no-index", "--no-progress", "paths"):
            self.assertIn(option, help_text)
        for action in parser._actions:
            self.assertTrue(action.help, f"{action.dest} has no help")

    def test_imported_articles_reach_the_index(self):
        self.index_everything()
        self.run_import(SEEDS)
        from archive.indexing import find_drift

        self.assertTrue(find_drift().clean)
        self.assertFalse(PendingIndexUpdate.objects.exists())


class ImportTransactionTests(TestCase):
    """A real failure inside the store step leaves nothing behind (no fixtures needed)."""

    def test_an_invalid_url_in_the_copy_fails_cleanly(self):
        from archive.ingest.document import Block, ParsedArticle
        from archive.ingest.store import InvalidArticle, store_article
        from archive.tagging import Gazetteer

        parsed = ParsedArticle(title="T", blocks=[Block.from_text(BODY)], url="http://")
        with self.assertRaises(InvalidArticle):
            store_article(parsed, Gazetteer([]))
        self.assertFalse(Article.objects.exists())
        self.assertFalse(PendingIndexUpdate.objects.exists())
