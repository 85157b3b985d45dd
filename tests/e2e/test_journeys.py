"""An integration officer's first visit, and zero axe-core violations on the key pages."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.e2e


def test_officer_signs_in_switches_language_and_district_and_signs_out(page, live_server, demo):
    base = live_server.url
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    sign_in(page, base, "integration.demo")
    # Several districts: the home page lets the officer choose (German by default).
    assert page.locator("h1").inner_text() == "Willkommen"
    page.click("main >> text=Landkreis Uckermark")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Landkreis Uckermark"
    assert page.locator(".demo-banner").is_visible()
    figures = page.locator(".figures").inner_text()
    assert "Einwohner" in figures and "117.909" in figures and "30" in figures
    # The interactive map replaced the SVG fallback and shows the Kreis and 4 neighbours.
    page.wait_for_selector(".leaflet-container path.leaflet-interactive")
    assert page.locator(".leaflet-container path.leaflet-interactive").count() == 5
    assert page.locator("svg.chart-line").count() == 2
    assert (
        "Landkreis Barnim"
        in page.locator("section[aria-labelledby=neighbours-heading] table").inner_text()
    )

    # Switch the interface to English.
    page.click("button[name=language][value=en]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Key figures" in page.inner_text("main")
    assert "117,909" in page.inner_text(".figures")

    # Switch to another district with the switcher (a disclosure menu, no script needed).
    page.click("summary:has-text('Switch district')")
    page.click(".district-switcher >> text=Landkreis Prignitz")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Landkreis Prignitz"
    assert re.search(r"/d/prignitz/$", page.url)

    # Sign out (a POST form behind the user menu).
    page.click(".user-menu summary")
    page.click("text=Sign out")
    page.wait_for_load_state("networkidle")
    assert "/account/login/" in page.url
    assert "You have signed out." in page.inner_text("main")

    assert errors == []
    assert all(url.startswith(base) for url in requests), [
        u for u in requests if not u.startswith(base)
    ]


def test_pages_have_no_accessibility_violations(page, live_server, demo):
    base = live_server.url
    report: dict[str, list[dict]] = {}
    for language in ("de", "en"):
        page.context.clear_cookies()
        page.set_extra_http_headers({"Accept-Language": language})
        page.goto(f"{base}/account/login/")
        report[f"login [{language}]"] = axe_violations(page)
        sign_in(page, base, "uckermark.integration")
        page.goto(f"{base}/d/uckermark/")
        page.click(f"button[name=language][value={language}]")
        page.wait_for_load_state("networkidle")
        page.wait_for_selector(".leaflet-container")
        assert page.locator("html").get_attribute("lang") == language
        report[f"start page [{language}]"] = axe_violations(page)
        page.goto(f"{base}/d/uckermark/gemeinden/")
        report[f"Gemeinden [{language}]"] = axe_violations(page)
    for language in ("ar", "fa", "prs", "de"):
        page.goto(f"{base}/public/{language}/uckermark/")
        expected = "rtl" if language in {"ar", "fa", "prs"} else "ltr"
        assert page.locator("html").get_attribute("dir") == expected
        report[f"public district page [{language}]"] = axe_violations(page)
    problems = {name: found for name, found in report.items() if found}
    assert problems == {}, problems
    assert len(report) == 10


def test_small_screen_has_no_horizontal_scrolling(browser, live_server, demo):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="de-DE")
    page = context.new_page()
    sign_in(page, live_server.url, "uckermark.admin")
    for path in ("/d/uckermark/", "/d/uckermark/members/", "/public/ar/uckermark/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (path, width)
    context.close()


def test_the_scanner_itself_finds_known_problems(page):
    """Guards the scans above against passing vacuously (axe not loaded, wrong rules)."""
    page.set_content(
        '<html><body style="background:#fff"><img src="data:,"><a href="#"></a>'
        '<p style="color:#c8c8c8">This grey text on white is too faint to read.</p></body></html>'
    )
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "html-has-lang", "link-name", "color-contrast"} <= found
