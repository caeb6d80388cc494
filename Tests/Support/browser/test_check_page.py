"""The browser checker flags each bad fixture for its own fault, and passes the good one.

    .venv/bin/python -m pytest Tests/Support/browser
Needs Tests/Support/browser/install.sh to have run (Debian's chromium, fonts, html5lib).
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
sys.path.insert(0, str(HERE))
import check_page  # noqa: E402

FAULTS = ("console_errors", "requests_outside", "overlaps", "html_errors")


@pytest.fixture(scope="module")
def results():
    """Every fixture, checked in one browser launch."""
    try:
        with check_page.Browser() as browser:
            yield {path.stem: browser.check(path) for path in sorted(FIXTURES.glob("*.html"))}
    except check_page.LaunchError as error:
        pytest.fail(f"{error} (run Tests/Support/browser/install.sh)")


def faults(result):
    found = {key for key in FAULTS if result[key]}
    if result["print"]["cut_across_pages"]:
        found.add("cut_across_pages")
    return found


def test_good_page_passes(results):
    good = results["good"]
    assert faults(good) == set(), json.dumps(good, indent=2)
    assert good["ok"]
    assert good["svg_count"] == 4 and good["text_count"] > 20
    # Rotated axis labels whose axis-aligned boxes overlap, but the labels do not.
    assert good["rotated_pairs_cleared"] > 0
    # Four figures over two A4 pages, each on one page thanks to break-inside: avoid.
    assert good["print"]["page_count"] == 2
    assert good["print"]["page_size_pt"] == [595.92, 841.92]  # A4 portrait
    assert all(len(chart["pages"]) == 1 for chart in good["print"]["charts"])
    assert len(good["print"]["charts"]) == 8  # 4 figure.chart + 4 svg


def test_overlapping_labels(results):
    result = results["overlap"]
    assert faults(result) == {"overlaps"}
    pairs = {(o["svg"]["id"], o["a"]["text"], o["b"]["text"]) for o in result["overlaps"]}
    assert pairs == {("timeline", "Pilot starts", "NDA signed"), ("weeks", "2022-W05", "2022-W06")}
    flat = next(o for o in result["overlaps"] if o["svg"]["id"] == "timeline")
    assert flat["intersection"]["width"] > 0.5 and flat["intersection"]["height"] > 0.5
    assert set(flat["a"]["rect"]) == {"x", "y", "width", "height"}


def test_text_past_the_svg_edge(results):
    result = results["overflow"]
    assert faults(result) == {"overlaps"}
    [item] = result["overlaps"]
    assert item["kind"] == "overflow" and item["text"]["text"] == "Public dashboard"
    assert item["sides"] == ["right"]


def test_requests_leaving_the_file_are_blocked_and_reported(results):
    result = results["external"]
    assert faults(result) == {"requests_outside"}
    urls = {r["url"]: r["type"] for r in result["requests_outside"]}
    assert urls == {"https://example.org/x.png": "Image", "https://example.org/style.css": "Stylesheet"}


def test_console_error_and_uncaught_exception(results):
    result = results["console_error"]
    assert faults(result) == {"console_errors"}
    sources = [(e["source"], e["line"]) for e in result["console_errors"]]
    assert sources == [("console", 10), ("exception", 11)]
    assert "chart data missing" in result["console_errors"][0]["text"]
    assert "undefinedFunction" in result["console_errors"][1]["text"]


def test_chart_taller_than_a_page_is_cut(results):
    result = results["tall_chart"]
    assert faults(result) == {"cut_across_pages"}
    [cut] = result["print"]["cut_across_pages"]
    assert cut["id"] == "tall" and len(cut["pages"]) == 2


def test_figures_without_break_inside_avoid_are_cut(results):
    # The good page less its print rules: a figure then straddles the page break.
    result = results["cut_figure"]
    assert faults(result) == {"cut_across_pages"}
    assert [c["id"] for c in result["print"]["cut_across_pages"]] == ["waves"]


def test_invalid_html(results):
    result = results["invalid"]
    assert faults(result) == {"html_errors"}
    codes = [(e["line"], e["code"]) for e in result["html_errors"]]
    assert (1, "expected-doctype-but-got-start-tag") in codes
    assert (7, "unexpected-end-tag") in codes
    assert (9, "duplicate-attribute") in codes
    assert all(e["column"] >= 1 and e["message"] for e in result["html_errors"])


def run(*args, env=None):
    return subprocess.run([sys.executable, str(HERE / "check_page.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=120, env=env)


def test_command_line_many_pages_one_browser(tmp_path):
    files = sorted(FIXTURES.glob("*.html"))
    done = run("--many", *files, "--json")
    assert done.returncode == 1, done.stderr
    document = json.loads(done.stdout)
    assert not document["ok"]
    by_name = {Path(page["file"]).stem: page for page in document["pages"]}
    assert [name for name, page in by_name.items() if page["ok"]] == ["good"]
    # One launch for all pages: only the first page carries the launch time.
    assert [page["timings_ms"]["launch_ms"] > 0 for page in document["pages"]].count(True) == 1


def test_command_line_good_page_with_screenshot_and_pdf(tmp_path):
    png, pdf = tmp_path / "good.png", tmp_path / "good.pdf"
    done = run(FIXTURES / "good.html", "--screenshot", png, "--pdf", pdf, "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["ok"]
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(png.read_bytes()[16:20], "big") == 1280  # full-page, 1280 px wide
    printed = pdf.read_bytes()
    assert printed.startswith(b"%PDF-")
    assert len(check_page.pdf_pages(printed)) == 2
    # The PDF written for people carries none of the checker's page markers.
    assert check_page.MARKER_PREFIX.encode() not in printed


def test_command_line_usage_and_launch_errors(tmp_path):
    missing = run(tmp_path / "nope.html")
    assert missing.returncode == 2 and "no such file" in missing.stderr
    several = run(FIXTURES / "good.html", FIXTURES / "bad.html")
    assert several.returncode == 2 and "--many" in several.stderr
    broken = run(FIXTURES / "good.html", env=dict(os.environ, COHORT_CHROMIUM="/bin/false"))
    assert broken.returncode == 2 and "chromium" in broken.stderr
