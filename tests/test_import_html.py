"""HTML pages: trafilatura for text and metadata, then the bleach allow-list."""

import datetime

from django.test import SimpleTestCase

from archive.ingest.html import NoArticleFound, parse_html

PARAGRAPH = (
    "The two leaders discussed the nuclear issue, sanctions relief and trade at length in "
    "Pyongyang on Thursday, according to people briefed on the talks."
)

PAGE = f"""<!doctype html>
<html lang="en">
<head>
  <title>Xi arrives in Pyongyang for talks with Kim | Reuters</title>
  <meta property="og:site_name" content="Reuters">
  <meta name="author" content="Jane Doe; John Roe">
  <meta property="article:published_time" content="2019-06-20T10:00:00Z">
  <link rel="canonical" href="https://www.reuters.com/article/xi-kim">
  <style>p {{ color: red }}</style>
  <script>window.tracker = 1;</script>
</head>
<body>
  <nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/asia">Asia</a></nav>
  <article>
    <h1>Xi arrives in Pyongyang for talks with Kim</h1>
    <p>PYONGYANG (Reuters) - Chinese President <b>Xi Jinping</b> arrived in Pyongyang on
    Thursday for talks with North Korean leader Kim Jong Un. {PARAGRAPH}</p>
    <p onclick="steal()">He was <a href="javascript:alert(1)">welcomed</a> by crowds and
    <a href="https://example.org/visit" onmouseover="x()">a motorcade</a>,
    <a href="data:text/html,<script>alert(1)</script>">officials</a> said. {PARAGRAPH}</p>
    <script>alert("inline")</script>
    <iframe src="https://evil.example/frame">frame text</iframe>
    <h2>Background</h2>
    <ul><li>First visit by a Chinese leader in 14 years</li><li>Talks on sanctions</li></ul>
    <blockquote>We will strengthen our friendship, Xi wrote in a signed article.</blockquote>
    <p>Advertisement</p>
    <p>Xi's visit comes a week before the G20 summit in Osaka. {PARAGRAPH}</p>
  </article>
  <footer>© 2019 Reuters. All rights reserved.</footer>
</body>
</html>"""


class HtmlImportTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.article = parse_html(PAGE, origin="page.html")
        cls.html = cls.article.body_html()

    def test_it_extracts_title_date_author_site_and_url(self):
        self.assertEqual(self.article.title, "Xi arrives in Pyongyang for talks with Kim")
        self.assertEqual(self.article.published, datetime.date(2019, 6, 20))
        self.assertEqual(self.article.precision, "day")
        self.assertEqual(self.article.byline, "Jane Doe, John Roe")
        self.assertEqual(self.article.source_name, "Reuters")
        self.assertEqual(self.article.url, "https://www.reuters.com/article/xi-kim")
        self.assertEqual(self.article.language, "en")

    def test_it_takes_out_the_dateline(self):
        self.assertEqual(self.article.dateline, "PYONGYANG")
        self.assertTrue(self.article.blocks[0].text.startswith("Chinese President Xi Jinping"))

    def test_it_keeps_the_allowed_structure(self):
        for tag in ("<p>", "<h2>Background</h2>", "<ul>", "<li>", "<blockquote>", "<strong>"):
            self.assertIn(tag, self.html)
        self.assertIn('<a href="https://example.org/visit">a motorcade</a>', self.html)

    def test_it_removes_scripts_styles_frames_handlers_and_bad_urls(self):
        lowered = self.html.lower()
        for bad in (
            "<script",
            "alert(",
            "<style",
            "<iframe",
            "frame text",
            "onclick",
            "onmouseover",
            "javascript:",
            "data:",
            "tracker",
        ):
            self.assertNotIn(bad, lowered)

    def test_it_drops_boilerplate_navigation_and_footer(self):
        text = self.article.body_text()
        for junk in ("Advertisement", "All rights reserved", "Home | World"):
            self.assertNotIn(junk, text)

    def test_it_refuses_a_page_without_an_article(self):
        page = (
            "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> "
            "<a href='/world'>World</a></nav><footer>© 2024</footer></body></html>"
        )
        with self.assertRaisesMessage(NoArticleFound, "no article text"):
            parse_html(page)

    def test_it_refuses_markup_that_is_not_a_page(self):
        with self.assertRaises(NoArticleFound):
            parse_html("<<<>>> \x00 </notatag")

    def test_it_reports_an_impossible_published_date(self):
        page = PAGE.replace("2019-06-20T10:00:00Z", "2050-09-30")
        article = parse_html(page)
        self.assertNotEqual(article.published, datetime.date(2050, 9, 30))
