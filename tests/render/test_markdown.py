"""summary.md escapes only what Markdown reads as syntax where the text stands, and stays inert: every hostile
string, rendered by a real CommonMark parser (markdown-it-py, with GitHub's tables and strikethrough, raw HTML
allowed as GitHub allows it), comes back as the same visible text and makes no element of its own; and the
same text read raw (a terminal, a plain-text mail, a ticket) carries no backslash before a bracket."""
from __future__ import annotations

from html.parser import HTMLParser
from typing import List, Tuple

import pytest
from markdown_it import MarkdownIt

from auditor.render import OutputOptions, Report, render_all
from auditor.render.safe import display, markdown, markdown_code
from tests.render.factory import family_fleet

HOSTILE = [
    "Example Corp (demo fleet)", "a_b _x_ *y* **z** [link](https://evil.example) ![i](x.png)", "col|umn",
    "~~struck~~", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&lt;b&gt; &#x202e; &amp;",
    "`code` ``x``", "back\\slash\\", "<https://evil.example>", "# heading", "> quote", "- item", "1. item",
    "3) item", "===", "Invoice\u202egpj.exe", "line\nbreak\r\nagain", "=HYPERLINK(\"x\")", "C:\\Users\\{ana}",
    "抖音_微信 (TikTok)", "\x1b[31mred\x1b[0m\x07 \x1b]8;;https://evil.example\x07link\x1b]8;;\x07", "x__init__.py", "trailing two spaces  ", "{{ jinja }} {% raw %}",
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
    assert "<" not in raw and "\u202e" not in raw and "\n" not in raw  # inert pasted raw into HTML too


@pytest.mark.parametrize("value, expected", [
    ("Example Corp (demo fleet)", "Example Corp (demo fleet)"),
    ("the law's deadline (2023-03-29): {x}!", "the law's deadline (2023-03-29): {x}!"),
    ("ana_kim@example.com", "ana_kim@example.com"),  # an underscore between letters is no emphasis
    ("#1 > #2 + 3. - 4", "#1 > #2 + 3. - 4"),  # block markers only matter at the start of a line
    ("a|b", "a\\|b"), ("*x*", "\\*x\\*"), ("[x]", "\\[x\\]"), ("_x_", "\\_x\\_"), ("<b>", "&lt;b>"),
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
