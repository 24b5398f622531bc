"""summary.md escapes only what Markdown reads as syntax where the text stands, and stays inert: every hostile
string, rendered by a real CommonMark parser (markdown-it-py, with GitHub's tables and strikethrough, raw HTML
allowed as GitHub allows it), comes back as the same visible text and makes no element of its own; and the
same text read raw (a terminal, a plain-text mail, a ticket) carries no backslash before a bracket."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import List, Tuple

import pytest
from markdown_it import MarkdownIt

from auditor.model import Problem, ProblemKind
from auditor.render import OutputOptions, Report, render_all
from auditor.render.safe import display, markdown, markdown_code
from tests.render.factory import family_fleet

HOSTILE = [
    "Example Corp (demo fleet)", "a_b _x_ *y* **z** [link](https://evil.example) ![i](x.png)", "col|umn",
    "~~struck~~", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&lt;b&gt; &#x202e; &amp;",
    "`code` ``x``", "back\\slash\\", "<https://evil.example>", "# heading", "> quote", "- item", "1. item",
    "3) item", "===", "Invoice\u202egpj.exe", "line\nbreak\r\nagain", "=HYPERLINK(\"x\")", "C:\\Users\\{ana}",
    "抖音_微信 (TikTok)", "\x1b[31mred\x1b[0m\x07 \x1b]8;;https://evil.example\x07link\x1b]8;;\x07", "x__init__.py", "trailing two spaces  ", "{{ jinja }} {% raw %}",
    "Founder & CEO", "R&D < 5 > 4", "a&b; &#65; <!-- c --> <?x?> </p>",
]


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: List[Tuple[str, List[Tuple[str, str]]]] = []
        self.text: List[str] = []

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, str]]) -> None:  # type: ignore[override]
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def rendered(source: str) -> Elements:
    parser = Elements()
    parser.feed(MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(source))
    parser.close()
    return parser


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_string_renders_as_its_own_text_and_makes_no_element(value: str) -> None:
    shown = display(value, 400)
    paragraph = rendered(f"Owner: {markdown(value, 400)}.")
    assert [tag for tag, _ in paragraph.tags] == ["p"], paragraph.tags
    assert "".join(paragraph.text).strip() == f"Owner: {shown}."
    cell = rendered(f"| A | B |\n|---|---|\n| {markdown(value, 400)} | x |\n")
    assert [tag for tag, _ in cell.tags] == ["table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td"]
    assert "".join(cell.text).replace("\n", "").startswith("AB" + shown.strip())
    item = rendered(f"- {markdown(value, 400, line_start=True)}\n")  # a list item's text: block markers too
    assert [tag for tag, _ in item.tags] == ["ul", "li"], item.tags
    assert "".join(item.text).strip() == shown.strip()
    raw = markdown(value, 400)
    # inert pasted raw into HTML too: no tag, comment or autolink can start, no entity is read
    assert not re.search(r"<[A-Za-z/!?]", raw) and set(re.findall(r"&#?[A-Za-z0-9]+;", raw)) <= {"&amp;", "&lt;"}
    assert "\u202e" not in raw and "\n" not in raw


@pytest.mark.parametrize("value, expected", [
    ("Example Corp (demo fleet)", "Example Corp (demo fleet)"),
    ("the law's deadline (2023-03-29): {x}!", "the law's deadline (2023-03-29): {x}!"),
    ("ana_kim@example.com", "ana_kim@example.com"),  # an underscore between letters is no emphasis
    ("#1 > #2 + 3. - 4", "#1 > #2 + 3. - 4"),  # block markers only matter at the start of a line
    ("a|b", "a\\|b"), ("*x*", "\\*x\\*"), ("[x]", "\\[x\\]"), ("_x_", "\\_x\\_"), ("<b>", "&lt;b>"),
    # an & or < that starts no entity and no tag is plain text: no "&amp;" in a terminal or a plain-text mail
    ("Founder & CEO", "Founder & CEO"), ("R&D < 5", "R&D < 5"), ("&amp;", "&amp;amp;"), ("</p>", "&lt;/p>"),
])
def test_only_what_markdown_reads_as_syntax_is_escaped(value: str, expected: str) -> None:
    assert markdown(value) == expected


def test_identifiers_are_code_spans_and_anything_else_escaped_text() -> None:
    assert markdown_code("us-ndaa-fy2018-s1634-kaspersky") == "`us-ndaa-fy2018-s1634-kaspersky`"
    assert markdown_code("bad`id <b>") == "bad\\`id &lt;b>"  # in a code span a backslash would escape nothing


def test_summary_md_reads_plainly_and_renders_as_written() -> None:
    result = family_fleet()
    text = render_all(Report.of(result, OutputOptions(generated_at="2026-11-23T08:00:00Z",
                                                       organisation="Example Corp (demo fleet)")))["summary.md"]
    assert text.startswith("# Fleet Auditor: Example Corp (demo fleet)\n")
    for escaped in ("\\(", "\\)", "\\{", "\\}", "\\."):
        assert escaped not in text, escaped
    html = rendered(text)
    assert not {tag for tag, _ in html.tags} - {"h1", "h2", "p", "strong", "em", "code", "table", "thead", "tbody",
                                                 "tr", "th", "td", "ul", "li"}
    assert "minor child of Ana Kim, Chief Executive Officer" in "".join(html.text)


def test_summary_md_lists_the_problems_it_counts() -> None:
    problems = tuple(Problem("staff.csv", f"owner 'user{i}@example.com' is not in the staff directory", None, False,
                             ProblemKind.DATA) for i in range(6)) + (
        Problem("apps.csv", "row has no app name <b>x</b> & more", 7, False, ProblemKind.ROW),)
    text = render_all(Report.of(family_fleet(problems=problems),
                                OutputOptions(generated_at="2026-11-23T08:00:00Z")))["summary.md"]
    assert f"Problems: {len(problems)}." in text
    listed = text.split(f"Problems ({len(problems)}):\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert listed[:2] == ["- data: staff.csv: owner 'user0@example.com' is not in the staff directory",
                          "- data: staff.csv: owner 'user1@example.com' is not in the staff directory"]
    assert len(listed) == 6 and listed[-1].startswith("- 2 more under Data quality in report.html")
    one = render_all(Report.of(family_fleet(problems=problems[-1:]),
                               OutputOptions(generated_at="2026-11-23T08:00:00Z")))["summary.md"]
    assert "- row: apps.csv, line 7: row has no app name &lt;b>x&lt;/b> & more" in one
