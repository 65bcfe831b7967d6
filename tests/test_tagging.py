"""The tagger's rules, one at a time (archive/tagging/).

Pure tests build a small gazetteer in code; the tag_article tests write Person, Alias,
Article and Mention rows. The labelled-set scores are in test_tagging_quality.py.
"""

from django.test import SimpleTestCase, TestCase

from archive.models import Alias, Article, Mention, Person
from archive.names import alias_problem, fold_text, is_cjk
from archive.names import normalize_name as fold_name
from archive.tagger import load_gazetteer, tag_article
from archive.tagging import Gazetteer
from archive.tagging.segments import Segment

KIM, XI, TRUMP, MOON, PUTIN = 1, 2, 3, 4, 5
YO_JONG, CHUNG_IN, HYUNG_JIN, TRUMP_JR, KIM_GUN, IL_SUNG, VORONIN, LEE = range(11, 19)
PEOPLE = [
    (KIM, True, "Kim", [("Kim Jong Un", "full"), ("Kim Jong-un", "full"), ("김정은", "full")]),
    (XI, True, "Xi", [("Xi Jinping", "full"), ("习近平", "full")]),
    (TRUMP, True, "Trump", [("Donald Trump", "full"), ("Donald J. Trump", "full")]),
    (MOON, True, "Moon", [("Moon Jae-in", "full"), ("문재인", "full")]),
    (PUTIN, True, "Putin", [("Vladimir Putin", "full"), ("普京", "full")]),
    (LEE, True, "Lee", [("Lee Jae-myung", "full")]),
    (YO_JONG, False, "Kim", [("Kim Yo Jong", "full")]),
    (CHUNG_IN, False, "Moon", [("Moon Chung-in", "full")]),
    (HYUNG_JIN, False, "", [("Hyung-jin Kim", "full")]),
    (TRUMP_JR, False, "Trump", [("Donald Trump Jr.", "full")]),
    (KIM_GUN, False, "Kim", [("Kim Gun", "full"), ("김건", "full")]),
    (IL_SUNG, False, "Kim", [("Kim Il Sung", "full")]),
    (VORONIN, False, "", [("Vladimir Voronin", "full")]),
]
GAZETTEER = Gazetteer(PEOPLE)


def tags(body, title="", gazetteer=GAZETTEER):
    """{person id: (status, count)} for an article."""
    findings = gazetteer.find_mentions([(title, True), ("", False), (body, False)])
    return {pid: (f.status, f.count) for pid, f in findings.items()}


class BoundaryTests(SimpleTestCase):
    def test_a_name_inside_another_word_is_not_a_name(self):
        body = "Xinhua said Xinjiang and Xiamen exported kimchi to Kimberley. Putinism spread."
        self.assertEqual(tags(body), {})

    def test_a_romanised_word_with_an_apostrophe_is_not_a_name_but_a_possessive_is(self):
        self.assertEqual(tags("Leaders met in Xi'an and Xi’an again."), {})
        self.assertEqual(
            tags("Xi Jinping spoke. Xi's speech and Xi’s visit followed."), {XI: ("auto", 3)}
        )

    def test_a_hyphenated_prefix_keeps_the_name(self):
        self.assertEqual(
            tags("Vladimir Putin dismissed the anti-Putin protests."), {PUTIN: ("auto", 2)}
        )

    def test_hyphen_and_space_variants_match_one_alias(self):
        body = "Kim Jong Un, Kim Jong-un, Kim Jong‐Un and Kim Jong\u00a0Un are one man."
        self.assertEqual(tags(body), {KIM: ("auto", 4)})


class LongestMatchTests(SimpleTestCase):
    def test_a_full_name_wins_over_its_honorific_and_surname(self):
        self.assertEqual(
            tags("President Kim Jong Un met Chairman Kim Yo Jong."),
            {KIM: ("auto", 1), YO_JONG: ("auto", 1)},
        )

    def test_a_longer_name_of_someone_else_is_not_the_leader(self):
        self.assertEqual(tags("Kim Yo Jong said the drills were a threat."), {YO_JONG: ("auto", 1)})

    def test_a_generational_suffix_is_someone_else(self):
        self.assertEqual(tags("Donald Trump Jr. spoke in Seoul."), {TRUMP_JR: ("auto", 1)})
        gazetteer = Gazetteer([p for p in PEOPLE if p[0] != TRUMP_JR])
        self.assertEqual(tags("Donald Trump Jr, the son, spoke.", gazetteer=gazetteer), {})


class CaseTests(SimpleTestCase):
    def test_lower_case_words_are_not_names(self):
        self.assertEqual(tags("Under the moon, security concerns trump trade, said kim."), {})

    def test_a_roman_numeral_is_not_xi(self):
        self.assertEqual(tags("Pope Pius XI and King Louis XI were not Chinese."), {})

    def test_capitals_in_a_headline_count_for_full_names_and_short_forms(self):
        found = tags(
            "North Korean leader Kim Jong Un met Vladimir Putin. Putin smiled.",
            title="KIM AND PUTIN HOLD SUMMIT",
        )
        self.assertEqual(found, {KIM: ("auto", 2), PUTIN: ("auto", 3)})
        self.assertEqual(tags("He spoke.", title="KIM JONG-UN VOWS MORE TESTS"), {KIM: ("auto", 1)})

    def test_a_headline_in_capitals_is_no_excuse_for_a_roman_numeral(self):
        self.assertEqual(tags("The pope died in 1939.", title="POPE PIUS XI REMEMBERED"), {})


class CreditTests(SimpleTestCase):
    def test_a_photo_credit_is_not_a_mention(self):
        body = (
            "Vladimir Putin met Xi Jinping (Vladimir Voronin/AP)\n"
            "Delegates at the table [Kim Hong-ji/Reuters]\n"
            "A parade in Pyongyang. (AP Photo/Lee Jin-man)\n"
            "Photograph: Kim Jong Un/KCNA"
        )
        self.assertEqual(tags(body), {PUTIN: ("auto", 1), XI: ("auto", 1)})

    def test_a_byline_is_not_a_mention(self):
        body = "By Hyung-jin Kim\nSEOUL — North Korea fired a missile, officials said."
        self.assertEqual(tags(body), {})
        self.assertEqual(tags("By Kim Tong-hyung and Hyung-jin Kim\nNorth Korea fired."), {})

    def test_a_writers_credit_is_not_a_mention(self):
        for credit in (
            "Associated Press writer Hyung-jin Kim contributed to this report.",
            "Associated Press writers Hyung-jin Kim in Seoul and Mari Yamaguchi contributed.",
            "Additional reporting by Hyung-jin Kim in Seoul.",
        ):
            with self.subTest(credit):
                self.assertEqual(
                    tags(f"Kim Jong Un fired a missile.\n{credit}"), {KIM: ("auto", 1)}
                )

    def test_a_credit_phrase_covers_its_names_not_the_subject_of_the_sentence(self):
        body = "Kim Jong Un tours a factory, in this photo by Hyung-jin Kim."
        self.assertEqual(tags(body), {KIM: ("auto", 1)})
        body = "By Vladimir Putin’s order, troops were moved to the border."
        self.assertEqual(tags(body), {PUTIN: ("auto", 1)})

    def test_a_name_beside_a_credit_still_counts(self):
        body = "Kim Jong Un (centre) watches a launch. (KCNA via AP)\nHyung-jin Kim reported it."
        self.assertEqual(tags(body), {KIM: ("auto", 1), HYUNG_JIN: ("auto", 1)})


class SharedSurnameTests(SimpleTestCase):
    def test_someone_else_with_the_surname_is_not_the_leader(self):
        for body in (
            "Hyung-jin Kim wrote the story.",
            "Melania Trump toured a school.",
            "Kim Keon-hee was questioned.",
            "Former UN chief Ban Ki-moon and Ban Ki-Moon's aides met.",
            "Kim Kardashian West visited.",
            "The parade filled Kim Il-sung Square.",
        ):
            with self.subTest(body):
                self.assertNotIn(KIM, tags(body))
                self.assertNotIn(TRUMP, tags(body))
                self.assertNotIn(MOON, tags(body))

    def test_a_short_form_beside_another_name_of_that_surname_is_not_suggested(self):
        self.assertEqual(tags("Kim Keon-hee appeared in court. Ms Kim denied wrongdoing."), {})

    def test_a_short_form_goes_to_the_person_of_its_surname_named_in_full(self):
        self.assertEqual(
            tags("Moon Chung-in, an adviser, spoke. Moon said the treaty could wait."),
            {CHUNG_IN: ("auto", 2)},
        )

    def test_a_short_form_goes_to_the_subject_of_the_last_sentence_naming_one(self):
        body = (
            "Kim Yo Jong, the sister of leader Kim Jong Un, spoke on Sunday. "
            "Ms Kim called the offer naive."
        )
        self.assertEqual(tags(body), {YO_JONG: ("auto", 2), KIM: ("auto", 1)})

    def test_a_leaders_title_points_at_the_leader_not_the_relative_named(self):
        found = tags("Kim Yo Jong said leader Kim had ordered drills. Ms Kim left.")
        self.assertEqual(found, {YO_JONG: ("auto", 2), KIM: ("suggested", 1)})

    def test_another_title_points_away_from_the_leader(self):
        self.assertEqual(
            tags("Professor Moon said sanctions failed."), {CHUNG_IN: ("suggested", 1)}
        )
        self.assertEqual(tags("President Moon proposed a joint bid."), {MOON: ("suggested", 1)})

    def test_a_headline_surname_is_the_leader_when_the_leader_is_named(self):
        found = tags(
            "Kim Yo Jong, sister of Kim Jong Un, rejected talks.", title="Kim’s sister says no"
        )
        self.assertEqual(found, {YO_JONG: ("auto", 1), KIM: ("auto", 2)})

    def test_a_common_surname_shared_by_many_leaders_suggests_nobody(self):
        kims = [(n, True, "Kim", [(f"Kim Test{n}", "full")]) for n in range(100, 104)]
        self.assertEqual(tags("Mr Kim said no.", gazetteer=Gazetteer(kims)), {})


class ShortFormTests(SimpleTestCase):
    def test_a_short_form_alone_is_only_a_suggestion(self):
        self.assertEqual(tags("Officials said Mr Kim had not replied."), {KIM: ("suggested", 1)})
        self.assertEqual(tags("Putin told his council to prepare."), {PUTIN: ("suggested", 1)})
        self.assertEqual(tags("Chairman Kim guided a drill."), {KIM: ("suggested", 1)})

    def test_a_short_form_beside_the_full_name_counts(self):
        body = "Xi Jinping arrived. President Xi and Mr. Xi's wife waved; Xi spoke."
        self.assertEqual(tags(body, title="Xi in Pyongyang"), {XI: ("auto", 5)})

    def test_a_word_like_surname_opening_a_sentence_or_a_headline_is_no_evidence(self):
        self.assertEqual(tags("Moon rocks were on display."), {})
        self.assertEqual(tags("Visitors queued.", title="Moon Landing Draws Crowds"), {})
        self.assertEqual(tags("The Moon has long fascinated poets."), {})

    def test_but_a_word_like_surname_doing_something_is_a_person(self):
        self.assertEqual(tags("“Trump is a dotard,” state media said."), {TRUMP: ("suggested", 1)})
        self.assertEqual(tags("Moon, speaking in Seoul, offered aid."), {MOON: ("suggested", 1)})
        self.assertEqual(
            tags("Officials of the Moon government defended it."), {MOON: ("suggested", 1)}
        )
        self.assertEqual(
            tags("The Trump-Kim summit failed."), {TRUMP: ("suggested", 1), KIM: ("suggested", 1)}
        )

    def test_a_thing_named_after_a_person_is_not_a_mention(self):
        self.assertEqual(tags("A Trump Tower may rise in Moscow."), {})
        self.assertEqual(tags("Donald Trump met Shinzo Abe at Trump Tower."), {TRUMP: ("auto", 1)})
        self.assertEqual(tags("Troops paraded in Kim Il Sung Square."), {})
        self.assertEqual(tags("Kim Il Sung founded the state."), {IL_SUNG: ("auto", 1)})

    def test_a_short_alias_counts_only_beside_the_full_name(self):
        gazetteer = Gazetteer([(1, True, "", [("Kim Jong Un", "full"), ("Marshal Kim", "short")])])
        self.assertEqual(
            tags("Marshal Kim inspected troops.", gazetteer=gazetteer), {1: ("suggested", 1)}
        )
        self.assertEqual(
            tags("Kim Jong Un arrived. Marshal Kim waved.", gazetteer=gazetteer),
            {1: ("auto", 2)},
        )


class ScriptTests(SimpleTestCase):
    def test_korean_names_take_particles_and_titles(self):
        body = "김정은이 말했다. 김정은 위원장과 문재인 대통령이 만났다. 김정은위원장은 웃었다."
        self.assertEqual(tags(body), {KIM: ("auto", 3), MOON: ("auto", 1)})

    def test_a_longer_korean_name_is_someone_else(self):
        self.assertEqual(tags("윤석열 대통령과 김건희 여사가 귀국했다."), {})
        self.assertEqual(tags("김건 의원이 말했다."), {KIM_GUN: ("auto", 1)})

    def test_chinese_names_need_no_spaces(self):
        self.assertEqual(
            tags("习近平主席会见金正恩。普京总统也发来贺电。"),
            {XI: ("auto", 1), PUTIN: ("auto", 1)},
        )

    def test_script_names_inside_english_copy(self):
        self.assertEqual(tags("The leader’s name, 김정은, is set in bold."), {KIM: ("auto", 1)})

    def test_is_cjk(self):
        self.assertTrue(is_cjk("习近平"))
        self.assertTrue(is_cjk("김정은"))
        self.assertFalse(is_cjk("Kim Jong Un"))


class CountAndContextTests(SimpleTestCase):
    def test_context_is_the_sentence_of_the_first_mention(self):
        findings = GAZETTEER.find_mentions(
            [
                ("Talks in Beijing", True),
                ("", False),
                (
                    "Officials met on Tuesday. Mr. Xi greeted Kim Jong Un warmly. Mr Kim smiled.",
                    False,
                ),
            ]
        )
        self.assertEqual(findings[KIM].context, "Mr. Xi greeted Kim Jong Un warmly.")
        self.assertEqual(findings[KIM].count, 2)
        self.assertEqual(findings[XI].status, "suggested")
        self.assertEqual(findings[XI].context, "Mr. Xi greeted Kim Jong Un warmly.")

    def test_the_context_is_the_first_sentence_outside_the_headline(self):
        # The headline is shown beside the sentence already: the body's sentence is shown.
        findings = GAZETTEER.find_mentions(
            [("Kim visits Beijing", True), ("", False), ("Kim Jong Un arrived.", False)]
        )
        self.assertEqual((findings[KIM].count, findings[KIM].context), (2, "Kim Jong Un arrived."))
        # Named only in the headline: the headline it is.
        only = GAZETTEER.find_mentions([("Kim Jong Un visits Beijing", True), ("", False)])
        self.assertEqual(only[KIM].context, "Kim Jong Un visits Beijing")

    def test_a_long_sentence_is_cut_around_the_mention(self):
        body = "Officials said " + "very " * 150 + "that Kim Jong Un " + "really " * 150 + "left."
        context = GAZETTEER.find_mentions([("", True), ("", False), (body, False)])[KIM].context
        self.assertLess(len(context), 400)
        self.assertIn("Kim Jong Un", context)
        self.assertTrue(context.startswith("…") and context.endswith("…"))

    def test_nothing_to_find(self):
        self.assertEqual(Gazetteer([]).find_mentions([("Kim Jong Un", True)]), {})
        self.assertEqual(GAZETTEER.find_mentions([("", True), (None, False)]), {})


class SentenceTests(SimpleTestCase):
    def test_sentences_split_by_paragraph_are_the_sentences_of_the_whole_text(self):
        from archive.sentences import sentence_at

        text = (
            "SEOUL — Mr. Kim met U.S. officials. “No,” he said.\n"
            "lower case start here. Another one!\nNo full stop at the end\n"
            "Dr. Xi left at 5 p.m. on Jan. 3. Then Moon spoke."
        )
        segment = Segment(0, text, False)
        for start in range(len(text)):
            if text[start].isspace():
                continue  # no name starts on a line break
            left, right = sentence_at(text, start, start + 1)
            mine = segment.sentence(start, start + 1)
            self.assertEqual(text[left:right].strip(), text[mine[0] : mine[1]].strip(), start)


class FoldingTests(SimpleTestCase):
    def test_fold_name(self):
        self.assertEqual(fold_name(" Kim Jong‐Un "), "kim jong un")
        self.assertEqual(fold_name("Xi’s"), "xi's")
        self.assertEqual(fold_name("ＫＩＭ"), "kim")  # NFKC: full-width letters

    def test_offsets_map_the_folded_text_back(self):
        for text in (
            "Kim Jong Un met Xi.",
            "  SEOUL — Kim  Jong\u2013Un met Xi.\n\nThen   Moon.",
            "İstanbul: Kim Jong Un met Xi.",  # lower-casing "İ" gives two characters
        ):
            folded, offsets = fold_text(text)
            self.assertNotIn("  ", folded)
            for index, ch in enumerate(folded):
                if ch != " ":
                    original = text[offsets[index]]
                    self.assertIn(ch, (original.lower(), original), (text, index))
            start = folded.index("kim jong un")
            self.assertEqual(text[offsets[start] : offsets[start + 10] + 1].lower()[:3], "kim")


class AliasProblemTests(SimpleTestCase):
    def test_a_common_word_is_refused_as_a_full_name_with_a_reason(self):
        for name in ("Moon", "Kim", "kim", "Trump", "Xi"):
            with self.subTest(name):
                problem = alias_problem(name, "full")
                self.assertIn("common word", problem)
                self.assertIn("short form", problem)
                self.assertIsNone(alias_problem(name, "short"))

    def test_other_names(self):
        self.assertIsNone(alias_problem("Kim Jong Un", "full"))
        self.assertIsNone(alias_problem("习近平", "full"))
        self.assertIsNotNone(alias_problem("", "full"))
        self.assertIsNotNone(alias_problem("K", "full"))
        self.assertIsNotNone(alias_problem("1234", "full"))


class ScaleTests(SimpleTestCase):
    def test_thousands_of_people_share_one_automaton(self):
        people = [
            (n, n % 50 == 0, f"Surname{n % 300}", [(f"Given{n} Surname{n % 300}", "full")])
            for n in range(1000, 6000)
        ]
        gazetteer = Gazetteer([*PEOPLE, *people])
        body = " ".join(
            f"Given{n} Surname{n % 300} met Kim Jong Un. Mr Surname{n % 300} said talks went well."
            for n in range(1000, 1050)
        )
        found = gazetteer.find_mentions([("Kim visits", True), ("", False), (body, False)])
        self.assertEqual(len(found), 51)
        self.assertEqual(found[KIM].count, 51)
        # One key a name and a short form (with every honorific) a surname, not one a person:
        # the speed is measured in benchmark/tagging_quality.py, not asserted here.
        self.assertLess(gazetteer.size, 5000 + 300 * 60)


class TagArticleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.kim = Person.objects.create(name="Kim Jong Un", short_name="Kim", is_leader=True)
        Alias.objects.create(person=cls.kim, name="Kim Jong-un")
        cls.xi = Person.objects.create(name="Xi Jinping", short_name="Xi", is_leader=True)
        cls.putin = Person.objects.create(name="Vladimir Putin", short_name="Putin", is_leader=True)
        cls.sister = Person.objects.create(name="Kim Yo Jong", short_name="Kim")
        cls.article = Article.objects.create(
            title="Kim meets Xi",
            standfirst="Putin was not invited.",
            body="<p>Kim Jong-un met Chinese President Xi Jinping.</p><p>Mr Kim smiled.</p>",
            content_hash="tagging-test-1",
        )

    def mentions(self):
        return {
            m.person_id: (m.status, m.count, m.context)
            for m in Mention.objects.filter(article=self.article)
        }

    def test_it_writes_auto_and_suggested_mentions_with_counts_and_contexts(self):
        self.assertEqual(tag_article(self.article, load_gazetteer()), (3, 0, 0))
        self.assertEqual(
            self.mentions(),
            {
                self.kim.pk: ("auto", 3, "Kim Jong-un met Chinese President Xi Jinping."),
                self.xi.pk: ("auto", 2, "Kim Jong-un met Chinese President Xi Jinping."),
                self.putin.pk: ("suggested", 1, "Putin was not invited."),
            },
        )

    def test_running_it_again_changes_nothing(self):
        gazetteer = load_gazetteer()
        tag_article(self.article, gazetteer)
        before = self.mentions()
        self.assertEqual(tag_article(self.article, gazetteer), (0, 0, 0))
        self.assertEqual(self.mentions(), before)

    def test_confirmed_and_rejected_mentions_are_never_changed(self):
        Mention.objects.create(
            article=self.article, person=self.kim, status="confirmed", count=99, context="x"
        )
        Mention.objects.create(
            article=self.article, person=self.xi, status="rejected", count=7, context="y"
        )
        Mention.objects.create(
            article=self.article, person=self.sister, status="confirmed", count=1, context="z"
        )
        self.assertEqual(tag_article(self.article, load_gazetteer()), (1, 0, 0))
        found = self.mentions()
        self.assertEqual(found[self.kim.pk], ("confirmed", 99, "x"))
        self.assertEqual(found[self.xi.pk], ("rejected", 7, "y"))
        # Not found in the text, but a curator confirmed it: it stays.
        self.assertEqual(found[self.sister.pk], ("confirmed", 1, "z"))
        self.assertEqual(tag_article(self.article, load_gazetteer()), (0, 0, 0))

    def test_machine_mentions_follow_the_text(self):
        gazetteer = load_gazetteer()
        tag_article(self.article, gazetteer)
        self.article.standfirst = "Vladimir Putin was not invited."
        self.article.body = "<p>Kim Jong-un met Chinese officials.</p>"
        self.article.save()
        # Kim's count falls, Putin is now named in full, Xi only in the headline.
        self.assertEqual(tag_article(self.article, gazetteer), (0, 3, 0))
        self.assertEqual(self.mentions()[self.xi.pk][:2], ("suggested", 1))
        self.article.title = "Kim meets officials"
        self.article.save()
        # The suggestion for Xi goes; Kim's context is the body's sentence, unchanged.
        self.assertEqual(tag_article(self.article, gazetteer), (0, 0, 1))
        self.assertEqual(
            self.mentions()[self.kim.pk], ("auto", 2, "Kim Jong-un met Chinese officials.")
        )
        self.assertEqual(
            {pid: m[:2] for pid, m in self.mentions().items()},
            {self.kim.pk: ("auto", 2), self.putin.pk: ("auto", 1)},
        )

    def test_from_db_uses_names_aliases_and_short_names(self):
        gazetteer = load_gazetteer()
        self.assertEqual(gazetteer.leaders, {self.kim.pk, self.xi.pk, self.putin.pk})
        findings = gazetteer.find_mentions([("Kim Jong-un and Kim Yo Jong; Mr Kim left", True)])
        self.assertEqual(set(findings), {self.kim.pk, self.sister.pk})

    def test_article_segments_are_headline_standfirst_and_body_text(self):
        self.assertEqual(
            self.article.tagging_segments(),
            [
                ("Kim meets Xi", True),
                ("Putin was not invited.", False),
                ("Kim Jong-un met Chinese President Xi Jinping.\nMr Kim smiled.", False),
            ],
        )

    def test_articles_naming_a_person_finds_every_written_form(self):
        self.assertEqual(self.kim.names(), ["Kim", "Kim Jong Un", "Kim Jong-un"])
        other = Article.objects.create(
            title="Parade", body="<p>Kim Jong Un waved.</p>", content_hash="tagging-test-2"
        )
        Article.objects.create(title="Other", body="<p>Nobody.</p>", content_hash="tagging-test-3")
        self.assertEqual(
            set(Article.objects.containing_names(self.kim.names()).values_list("pk", flat=True)),
            {self.article.pk, other.pk},
        )
