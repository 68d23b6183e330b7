"""The browser tests' guard (tests/plugin.py) sees what a strict policy blocks and what a
page throws, in popups too; without it the CSP checks of every browser test would be empty."""

import pytest

POLICY = "default-src 'self'; script-src 'self'; style-src 'self'"
PAGES = {
    "/inline": '<p style="color: red">x</p><script>document.title = "ran"</script>'
    '<a href="/popup" target="_blank" id="open">open</a>',
    "/popup": '<button onclick="alert(1)" id="b">b</button>',
    "/throws": '<script src="/boom.js"></script>',
    "/boom.js": 'throw new Error("boom")',
    "/clean": '<p class="x">fine</p><script src="/ok.js"></script>',
    "/ok.js": 'document.title = "ok"',
}


def serve(route):
    path = "/" + route.request.url.split("/", 3)[3]
    kind = "application/javascript" if path.endswith(".js") else "text/html"
    route.fulfill(body=PAGES[path], content_type=kind, headers={"Content-Security-Policy": POLICY})


@pytest.mark.browser
def test_the_guard_reports_violations_and_errors(browser, page_problems):
    context = browser.new_context()
    context.route("http://guard.test/**", serve)
    page = context.new_page()

    page.goto("http://guard.test/clean")
    assert page.title() == "ok" and page_problems == []

    page.goto("http://guard.test/inline")
    assert page.title() != "ran"
    with page.expect_popup() as popup:
        page.click("#open")
    popup.value.wait_for_load_state()
    popup.value.click("#b")
    page.goto("http://guard.test/throws")
    page.wait_for_timeout(200)
    context.close()

    found = "\n".join(page_problems)
    assert "style-src-attr blocked inline in http://guard.test/inline" in found
    assert "script-src-elem blocked inline in http://guard.test/inline" in found
    assert "script-src-attr blocked inline in http://guard.test/popup" in found
    assert "script error: " in found and "boom" in found
    page_problems.clear()  # seen: the fixture's own check at teardown has nothing left to fail on
