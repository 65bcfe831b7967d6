from django.test import SimpleTestCase

from archive.sanitize import html_to_text, sanitize_body

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href='javascript:alert(1)'>x</a>",
    "<a href='JaVaScRiPt:alert(1)'>x</a>",
    "<a href='data:text/html;base64,PHNjcmlwdD4='>x</a>",
    "<a href='vbscript:msgbox(1)'>x</a>",
    "<p style='background:url(javascript:alert(1))'>x</p>",
    "<svg onload=alert(1)><circle/></svg>",
    "<iframe src='//evil'></iframe>",
    "<object data='x.swf'></object>",
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
    "<p onmouseover='alert(1)'>x</p>",
    "<form action='//evil'><input name=a></form>",
    "<style>body{}</style>",
    "<!--<script>alert(1)</script>-->",
    "<scr<script>ipt>alert(1)</script>",
    "<a href=' javascript:alert(1)'>x</a>",
    "<base href='//evil/'>",
    "<meta http-equiv='refresh' content='0;url=//evil'>",
]


class SanitizeTests(SimpleTestCase):
    def test_it_keeps_the_allowed_tags(self):
        html = (
            "<p>One <em>two</em> <strong>three</strong> <a href='https://a.example/'>four"
            "</a></p><h2>H2</h2><h3>H3</h3><h4>H4</h4><ul><li>i</li></ul><ol><li>j</li>"
            "</ol><blockquote>q</blockquote>"
        )
        cleaned = sanitize_body(html)
        for tag in (
            "<p>",
            "<em>",
            "<strong>",
            '<a href="https://a.example/">',
            "<h2>",
            "<h3>",
            "<h4>",
            "<ul>",
            "<ol>",
            "<li>",
            "<blockquote>",
        ):
            self.assertIn(tag, cleaned)

    def test_it_removes_everything_active(self):
        for html in HOSTILE:
            with self.subTest(html=html):
                cleaned = sanitize_body(html).lower()
                for bad in (
                    "<script",
                    "onerror",
                    "onload",
                    "onmouseover",
                    "javascript:",
                    "vbscript:",
                    "data:",
                    "<iframe",
                    "<object",
                    "<svg",
                    "<style",
                    "<form",
                    "<input",
                    "<base",
                    "<meta",
                    "style=",
                ):
                    self.assertNotIn(bad, cleaned)

    def test_it_turns_html_into_readable_text(self):
        self.assertEqual(
            html_to_text("<p>A &amp; B</p><h3>Sub</h3><ul><li>x</li></ul>"), "A & B\nSub\nx"
        )
