"""The paper case's HTML report, rendered by headless Chromium: the table and the chart are on
the rendered page, and a screenshot is saved under the test's tmp dir."""

from __future__ import annotations

import importlib.util
import re
import subprocess
from pathlib import Path

import pytest

from interviewbot import report_client

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is absent (Debian package `chromium`; .ci/run installs it "
    "with apt-get where it can)",
)


def _paper_html() -> str:
    spec = importlib.util.spec_from_file_location(
        "make_paper_report", ROOT / "scripts" / "make_paper_report.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return report_client.render(mod.build(), "html")


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90)


def test_paper_report_renders_in_chromium(tmp_path):
    page = tmp_path / "paper_case_report.html"
    page.write_text(_paper_html(), encoding="utf-8")
    url = page.as_uri()
    dom = _chromium(tmp_path, "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    # the Table-2 view: nine processes, four criteria each
    table = re.search(r'<table id="table2">.*?</table>', html, re.S)
    assert table, "the ratings table is not on the rendered page"
    assert len(re.findall(r"<tr data-process=", table.group(0))) == 9
    assert len(re.findall(r'<td class="rating"', table.group(0))) == 36
    assert "Service Level Management" in table.group(0)
    # the chart: an inline SVG with one bar per process, levels as in Table 2
    svg = re.search(r'<svg id="levels-chart".*?</svg>', html, re.S)
    assert svg, "the SVG chart is not on the rendered page"
    levels = dict(re.findall(r'data-process="(\w+)" data-level="(\d)"', svg.group(0)))
    assert levels == {
        "slm": "3",
        "capacity": "2",
        "itscm": "3",
        "change": "3",
        "configuration": "3",
        "service_desk": "4",
        "incident": "4",
        "problem": "3",
        "csi": "2",
    }
    assert re.search(r'id="overall">3 – Defined<', html)
    shot = tmp_path / "paper_case_report.png"
    r = _chromium(
        tmp_path, "--hide-scrollbars", "--window-size=1200,2400", f"--screenshot={shot}", url
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a page was drawn, not a blank
