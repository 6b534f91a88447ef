import re
from datetime import UTC, datetime

from reader.analysis.grounding import Grounded
from reader.analysis.results import Report, SectionSummary, StanceNote
from reader.annotations import Analysis, Entity, Quote
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
