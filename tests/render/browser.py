"""Real headless Chromium for the report and e-mail tests (Debian's package, driven by Playwright), the
folder screenshots are saved to, and the few pixel reads the print and capture tests need (a PNG decoded by
Chromium on a canvas, pdftoppm's PGM read directly: no imaging library)."""
from __future__ import annotations

import base64
import os
import re
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest

from tests.conftest import IN_CI, REPO

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
WIDTHS = (1400, 390)  # a laptop, and a phone (the narrowest common one)

if not IN_CI and not CHROMIUM.exists():  # in CI a missing browser is a failure, never a skip
    pytest.skip("Chromium is not installed (bash .ci/run installs it)", allow_module_level=True)

if IN_CI:
    from playwright import sync_api
else:
    sync_api = pytest.importorskip("playwright.sync_api")


def artifacts() -> Path:
    """Where tests save screenshots and PDFs for people to look at: $ARTIFACTS_DIR, else tests/artifacts/
    (git-ignored)."""
    folder = Path(os.environ.get("ARTIFACTS_DIR") or REPO / "tests" / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator["sync_api.Browser"]:
    with sync_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield instance
        instance.close()


class Page:
    """A page with every console message, page error and request recorded."""

    def __init__(self, browser: "sync_api.Browser", path: Path, javascript: bool = True, width: int = 1400,
                 height: int = 900) -> None:
        self.context = browser.new_context(java_script_enabled=javascript, viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.errors: List[str] = []
        self.requests: List[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.resolve().as_uri())
        if javascript and path.suffix == ".html" and "data-ready" in path.read_text(encoding="utf-8")[-400:]:
            self.page.wait_for_selector("html[data-ready='1']", state="attached")

    def visible_rows(self) -> int:
        return int(self.page.evaluate(
            "document.querySelectorAll('#findings tr[data-f]:not([hidden])').length"))

    def visible_findings(self) -> int:
        """Findings in the visible rows that pass the filters (a row lists one per policy)."""
        return int(self.page.evaluate("document.getElementById('f-count').textContent.match(/^Showing (\\d+) /)[1]"))

    def visible_row_texts(self) -> List[str]:
        return list(self.page.evaluate(
            "Array.from(document.querySelectorAll('#findings tr[data-f]')).filter(r => !r.hidden)"
            ".map(r => r.textContent)"))

    def close(self) -> None:
        self.context.close()


INK_BANDS = """async ([data, band]) => {
  const image = new Image();
  image.src = "data:image/png;base64," + data;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width; canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const out = [];
  for (let top = 0; top < image.height; top += band) {
    const height = Math.min(band, image.height - top);
    const pixels = context.getImageData(0, top, image.width, height).data;
    let ink = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      if (Math.min(pixels[i], pixels[i + 1], pixels[i + 2]) < 200) { ink++; }
    }
    out.push(ink);
  }
  return out;
}"""


def ink_per_band(browser: "sync_api.Browser", png: bytes, band: int) -> List[int]:
    """Dark pixels in each horizontal band of a PNG (a screenshot), counted by Chromium's own decoder on a
    canvas (a data: image does not taint it)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        return list(page.evaluate(INK_BANDS, [base64.b64encode(png).decode("ascii"), band]))
    finally:
        context.close()


def pgm_rows(data: bytes) -> Tuple[int, int, List[bytes]]:
    """(width, height, rows) of a binary PGM (pdftoppm -gray)."""
    fields: List[bytes] = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    assert fields[0] == b"P5" and fields[3] == b"255", fields
    width, height = int(fields[1]), int(fields[2])
    pixels = data[pos + 1:]
    return width, height, [pixels[y * width:(y + 1) * width] for y in range(height)]


def inked(row: bytes, threshold: int = 200) -> int:
    """Pixels of a grey row darker than the threshold: text, lines, bars."""
    return sum(1 for value in row if value < threshold)


GLUED = re.compile(r".{20}(?:[a-z)]\.[A-Z][a-z]+ |[A-Za-z0-9]\([a-z]{3,}|\b\d+[a-z]{3,}).{10}")


def glued_words(text: str) -> List[str]:
    """Places where template whitespace lost around a condition glued words: "picture).Waived",
    "library(source:", "3overdue"."""
    return GLUED.findall(text)
