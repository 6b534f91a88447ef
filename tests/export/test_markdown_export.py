import re
from datetime import UTC, datetime

from reader.analysis.grounding import Grounded
from reader.analysis.results import Report, SectionSummary, StanceNote
from reader.annotations import Analysis, Attribution, Entity, Quote
from reader.article import ArticleBuilder
from reader.export.markdown import escape, render_markdown


def sample():
    b = ArticleBuilder()
    b.set_title("Title [x](http://evil.example) <img src=x>")
    b.paragraph('Ann Lee said "we [win](javascript:alert(1))".')
    b.heading("Part two")
    b.paragraph("More text.\x1b[31m red\x1b[0m")
    article = b.build(byline='Ev"il\nkey: injected', date="2024-01-01", source="a.txt")
    para = article.paragraphs[0]
    quote_start = article.text.index('"we')
    entity = Entity("e1", "Ann Lee", "person", ((para[0], para[0] + 7),), 0.9)
    quote = Quote((quote_start, para[1] - 1), "e1", None, False, 0.9)
    return Analysis(article, (para,), (entity,), (quote,))


def test_untrusted_text_is_escaped_everywhere():
    analysis = sample()
    report = Report(model={"file": "m.gguf", "sha256": "abc", "prompt_version": "2"},
                    overview=(Grounded("See ![img](http://x/y.png) <script>", (analysis.sentences[0],)),),
                    summaries=[SectionSummary(0, (Grounded("Lee [won](http://x).", (), "unsupported"),))],
                    stances=[StanceNote("e1", "supports", "the | plan", "Wins | all", (analysis.quotes[0].span,))])
    md = render_markdown(analysis, report, generated=datetime(2024, 1, 2, tzinfo=UTC))
    front, body = md.split("\n---\n", 1)
    assert 'byline: "Ev\\"il key: injected"' in front
    assert len(front.splitlines()) == 12  # "---" and eleven keys: none injected
    assert "](http" not in body and "](javascript" not in body
    assert not re.search(r"(?<!\\)<(img|script)", body)  # tags only ever appear escaped
    assert "\x1b" not in md
    assert "\\[win\\]\\(javascript:alert\\(1\\)\\)" in body
    assert "| Ann Lee | supports | the \\| plan | Wins \\| all | ¶ 1 |" in body
    assert "⚠ *Not established — unsupported:*" in body
    assert "### Ann Lee" in body and "— ¶ 1" in body


def test_escape():
    assert escape("a *b* <c> & [d](e)") == "a \\*b\\* \\<c\\> &amp; \\[d\\]\\(e\\)"


def test_each_actor_has_a_section_with_stance_line_and_statements_kind_marked():
    b = ArticleBuilder()
    b.set_title("Bridge vote")
    b.paragraph('Ann Lee warned that the bridge would close. "We need the money now," she said.')
    b.paragraph('Her plea that "we need the money" was heard. Bo Park stayed silent.')
    article = b.build(date="2024-01-01", source="a.txt")
    text = article.text

    def at(phrase, nth=0):
        start = -1
        for _ in range(nth + 1):
            start = text.index(phrase, start + 1)
        return start, start + len(phrase)
    ann = Entity("e1", "Ann Lee", "person", (at("Ann Lee"),), 0.9)
    bo = Entity("e2", "Bo Park", "person", (at("Bo Park"),), 0.5)
    quote, echo = at('"We need the money now,"'), at('"we need the money"')
    attributions = (Attribution("a1", "indirect", (at("the bridge would close"),), at("warned"), at("Ann Lee"), "e1", 0.8),
                    Attribution("a2", "direct", (quote,), at("said"), at("she"), "e1", 0.9),
                    Attribution("a3", "direct", (echo,), None, None, "e1", 0.7))
    quotes = (Quote(quote, "e1", at("said"), False, 0.9), Quote(echo, "e1", None, True, 0.7))
    analysis = Analysis(article, tuple(article.paragraphs), (ann, bo), quotes, attributions)
    report = Report(model={}, stances=[StanceNote("e1", "supports", "the bridge money", "Wants the money.",
                                                  (quote,))])
    body = render_markdown(analysis, report, generated=datetime(2024, 1, 2, tzinfo=UTC)).split("## What each actor said", 1)[1]
    section = body.split("### Ann Lee", 1)[1]
    assert section.index("*Stance:* supports toward the bridge money. Wants the money. (¶ 1)") < section.index("- *")
    assert "- *Reported:* the bridge would close — ¶ 1 · cue “warned”" in section
    assert "- *Quoted:* \"We need the money now,\" — ¶ 1 · cue “said” · repeated at ¶ 2" in section
    assert section.count("- *") == 2                      # the echo is a place of the quote, not a line
    assert "### Bo Park" not in body                      # no statement and no stance: not an actor


def test_a_stance_the_model_did_not_judge_says_so():
    b = ArticleBuilder()
    b.set_title("Bridge vote")
    b.paragraph("Ann Lee warned that the bridge would close.")
    article = b.build(date="2024-01-01", source="a.txt")
    text = article.text
    content, cue = text.index("the bridge would close"), text.index("warned")
    ann = Entity("e1", "Ann Lee", "person", ((0, 7),), 0.9)
    attribution = Attribution("a1", "indirect", ((content, content + 22),), (cue, cue + 6), (0, 7), "e1", 0.8)
    analysis = Analysis(article, tuple(article.paragraphs), (ann,), (), (attribution,))
    note = StanceNote("e1", "unclear", "", "Ann Lee warned that the bridge would close.", ((content, content + 22),),
                      abstained=True)
    markdown = render_markdown(analysis, Report(model={}, stances=[note]), generated=datetime(2024, 1, 2, tzinfo=UTC))
    assert "| Ann Lee | not judged (the model is too small to tell) |" in markdown
    assert "*Stance:* not judged (the model is too small to tell). Ann Lee warned" in markdown
    assert "unclear" not in markdown and "supports" not in markdown
