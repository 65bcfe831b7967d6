"""Copies of one wire story grouped (edits, a new headline, a cut), told apart from other
stories; the story and article pages; search collapsing copies; every earlier version of an
article kept, diffed, and left out of search."""

import datetime
import io
import json
import shutil
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.test import SimpleTestCase
from django.urls import reverse

from archive import stories
from archive.models import Article, ArticleVersion, Story, StoryBand
from tests.base import ArchiveTestCase

WIRE = [
    "North Korean leader Kim Jong Un arrived in Beijing on Tuesday for his fourth visit to "
    "China in less than a year, state media reported, as he prepares for a second summit with "
    "U.S. President Donald Trump that is expected to take place in Vietnam next month.",
    "Kim travelled on his armoured train with his wife Ri Sol Ju and senior officials, the "
    "official Korean Central News Agency said, adding that he would hold talks with Chinese "
    "President Xi Jinping about the situation on the Korean peninsula and economic ties.",
    "Security was tight around the Beijing railway station, where police closed roads and "
    "kept journalists at a distance while a convoy of black limousines left for the Great Hall "
    "of the People in the afternoon.",
    "Analysts in Seoul said the trip showed how closely Pyongyang coordinates with Beijing "
    "before it meets American negotiators, and that China wants a say in any settlement.",
]
OTHER = [
    "South Korea's foreign minister met her Japanese counterpart in Tokyo on Wednesday to "
    "discuss trade disputes and wartime labour rulings that have soured relations between the "
    "two U.S. allies, officials in both capitals said after the meeting ended.",
    "The ministers agreed to keep talking but made no breakthrough on export controls that "
    "Tokyo imposed last year, and a joint statement was not issued, diplomats said.",
]


def record(title, paragraphs, source, url=""):
    return {"title": title, "body": "\n\n".join(paragraphs), "source": source, "url": url}


class SignatureTests(SimpleTestCase):
    def test_copies_are_similar_and_other_stories_are_not(self):
        original = stories.signature(" ".join(WIRE))
        edited = stories.signature(
            " ".join(WIRE).replace("armoured", "armored").replace("Tuesday", "Tuesday morning")
        )
        cut = stories.signature(" ".join(WIRE[:2]))
        other = stories.signature(" ".join(OTHER))
        self.assertGreaterEqual(stories.similarity(original, edited), stories.THRESHOLD)
        self.assertGreaterEqual(stories.similarity(original, cut), stories.THRESHOLD)
        self.assertLess(stories.similarity(original, other), 0.1)
        self.assertIsNone(stories.signature("A one-line brief."), "too short to tell")
        self.assertEqual(len(stories.band_keys(original)), stories.BANDS)


class StoryImportTests(ArchiveTestCase):
    def setUp(self):
        super().setUp()
        self.folder = Path(tempfile.mkdtemp(prefix="stories-"))
        self.addCleanup(shutil.rmtree, self.folder, True)

    def load(self, records, name="feed.jsonl"):
        path = self.folder / name
        path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
        out = io.StringIO()
        call_command("import_articles", str(path), stdout=out, no_progress=True)
        return out.getvalue()

    def test_copies_of_one_story_are_grouped_and_another_story_is_not(self):
        edited = [p.replace("armoured", "armored") for p in WIRE]
        self.load(
            [
                record("Kim arrives in Beijing", WIRE, "Associated Press"),
                record("North Korea's Kim in China ahead of Trump summit", edited, "ABC News"),
                record("Kim visits Xi again", WIRE[:2], "Yahoo News"),
                record("Seoul and Tokyo ministers meet", OTHER, "Reuters"),
            ]
        )
        story = Story.objects.get()
        copies = set(story.articles.values_list("title", flat=True))
        self.assertEqual(
            copies,
            {
                "Kim arrives in Beijing",
                "North Korea's Kim in China ahead of Trump summit",
                "Kim visits Xi again",
            },
        )
        self.assertIsNone(Article.objects.get(title="Seoul and Tokyo ministers meet").story)
        self.assertEqual(StoryBand.objects.filter(article__story=story).count(), 3 * stories.BANDS)

        page = self.client.get(reverse("story", args=[story.pk]))
        self.assertContains(page, "3 copies in 3 outlets")
        self.assertContains(page, "What this copy changed")
        self.assertContains(page, "<ins>armored</ins>", html=False)
        article = Article.objects.get(title="Kim arrives in Beijing")
        self.assertContains(
            self.client.get(article.get_absolute_url()), "The same story in 3 outlets"
        )

    def test_search_collapses_copies_into_one_result_and_counts_both(self):
        abc = [WIRE[0].replace("on Tuesday", "on Tuesday, his state media said"), *WIRE[1:]]
        out = self.load(
            [
                record("Kim arrives in Beijing", WIRE, "Associated Press"),
                record("Kim in China again", abc, "ABC News", "https://abcnews.go.com/k"),
                record("Kim arrives in Beijing", WIRE, "Yahoo News"),
                record("Seoul and Tokyo ministers meet", OTHER, "Reuters"),
            ]
        )
        # An edited copy joins the story; a word-for-word one is skipped as a duplicate.
        self.assertIn("duplicates skipped 1", out)
        self.assertEqual(Article.objects.filter(story__isnull=False).count(), 2)
        self.index_everything()
        collapsed = self.client.get(reverse("search"), {"q": "Beijing"})
        self.assertEqual(collapsed.context["articles"], 3)  # the fixture's article too
        self.assertEqual(collapsed.context["total"], 2)
        self.assertContains(collapsed, "2 stories, 3 articles")
        self.assertContains(collapsed, "1 copy of this story")
        sources = {f["name"]: f["count"] for f in collapsed.context["facets"]["sources"]}
        self.assertEqual(sources.get("ABC News"), 1, "facets count every article")
        every = self.client.get(reverse("search"), {"q": "Beijing", "collapse": "0"})
        self.assertEqual(every.context["total"], 3)

    def test_the_same_url_with_new_text_keeps_the_earlier_version(self):
        url = "https://www.kcna.kp/en/article/q/1.kcmsf"
        self.load([record("Kim arrives", WIRE, "KCNA", url)], "one.jsonl")
        revised = [WIRE[0], WIRE[1].replace("senior officials", "leading cadres"), WIRE[2]]
        self.load([record("Respected Comrade arrives", revised, "KCNA", url)], "two.jsonl")
        article = Article.objects.get(url=url)
        version = ArticleVersion.objects.get()
        self.assertEqual(
            (version.title, article.title), ("Kim arrives", "Respected Comrade arrives")
        )
        page = self.client.get(article.get_absolute_url())
        self.assertContains(page, "1 time")
        self.assertContains(page, "<ins>leading cadres,</ins>", html=False)
        self.index_everything()
        self.assertEqual(self.client.get(reverse("search"), {"q": "cadres"}).context["total"], 1)
        self.assertEqual(
            self.client.get(reverse("search"), {"q": "analysts", "collapse": "0"}).context["total"],
            0,
            "only the current text is searched",
        )

    def test_the_same_template_days_apart_is_another_story(self):
        edited = [p.replace("armoured", "armored") for p in WIRE]
        first = {
            **record("Kim arrives in Beijing", WIRE, "Associated Press"),
            "published": "2019-01-08",
        }
        later = {**record("Kim in Beijing", edited, "ABC News"), "published": "2019-01-14"}
        soon = {**record("Kim visits China", edited[:3], "Yahoo News"), "published": "2019-01-10"}
        self.load([first, later, soon])
        story = Story.objects.get()
        self.assertEqual(
            set(story.articles.values_list("title", flat=True)),
            {"Kim arrives in Beijing", "Kim visits China"},
        )

    def test_collapsed_results_page_through_every_story_once(self):
        story = Story.objects.create(title="One story")
        for n in range(25):
            Article.objects.create(
                title=f"Summit report {n}", body=f"<p>Summit talks, report {n}.</p>"
            )
        for n in range(3):
            Article.objects.create(
                title=f"Summit copy {n}", body=f"<p>Summit talks, copy {n}.</p>", story=story
            )
        self.index_everything()
        first = self.client.get(reverse("search"), {"q": "summit", "sort": "newest"})
        self.assertEqual((first.context["total"], first.context["articles"]), (26, 28))
        second = self.client.get(reverse("search"), {"q": "summit", "sort": "newest", "page": 2})
        titles = [r["article"].title for r in first.context["rows"] + second.context["rows"]]
        self.assertEqual(len(titles), 26)
        self.assertEqual(len([t for t in titles if t.startswith("Summit copy")]), 1)
        copy_row = next(
            r for r in first.context["rows"] + second.context["rows"] if r["article"].story_id
        )
        self.assertEqual(copy_row["copies"], 2)

    def test_a_template_brief_with_other_figures_on_another_day_is_another_story(self):
        brief = [
            "The Federal Reserve entered the U.S. Government securities market to arrange "
            "1.5 billion dlrs of customer repurchase agreements, a Fed spokesman said. "
            "Dealers said Federal funds were trading at 6-3/16 pct when the Fed began its "
            "temporary and indirect supply of reserves to the banking system, as it does on "
            "most days when reserves need adding before the weekly settlement date."
        ]
        next_day = [brief[0].replace("6-3/16", "6-1/4")]
        corrected = [brief[0].replace("1.5 billion", "two billion")]
        self.load(
            [
                {**record("FED ADDS RESERVES", brief, "Reuters"), "published": "1987-03-02"},
                {**record("FED ADDS RESERVES", next_day, "Reuters"), "published": "1987-03-03"},
                {
                    **record("CORRECTED - FED ADDS RESERVES", corrected, "Reuters"),
                    "published": "1987-03-03",
                },
            ]
        )
        story = Story.objects.get()
        self.assertEqual(
            sorted(story.articles.values_list("published", flat=True)),
            [datetime.date(1987, 3, 2), datetime.date(1987, 3, 3)],
        )
        self.assertIn(
            "CORRECTED - FED ADDS RESERVES", story.articles.values_list("title", flat=True)
        )
