#!/usr/bin/env python3
"""The judges' coding page (`cohort feedback serve`) driven in a real browser, keyboard only.

    coding_page.py COHORT_BINARY WORKSPACE NOW [--screenshot OUT.png]

Starts one coding server for judge amara in WORKSPACE (its items imported, jonas's codes
imported) and one headless Chromium through Selenium and Debian's chromium-driver, then:
refuses requests without the token, with a wrong token and with a wrong CSRF token (403, nothing
recorded); codes five items with the keys 1-5; undoes the last with z and codes it again with 6;
checks that no response carries jonas's code or name; that a comment holding <script> and wiki
markup shows as its text; that every control has an accessible name in the accessibility tree
Chromium reports, and that the focused button has a visible outline.

Then, in the same browser, one reconciliation server (`--reconcile --by Rosa`): refuses requests
without the token and with a wrong CSRF token (403, nothing recorded); shows the first
disagreement with both judges' categories side by side; a category chosen without a reason is
held back by the page; a reason typed and a category chosen with the keyboard (Tab, then its key)
records it; the second is settled with a click; then "Nothing to reconcile".

Prints one JSON document of what it saw; exits non-zero (with the assertion) at the first thing
that is wrong.
"""

import http.cookiejar
import json
import pathlib
import re
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait


HOSTILE = "<script>window.__hacked = 1</script> '''bold''' [[Link]] {{tl|x}} & <b>not bold</b>"


def status(url, data=None, cookie=None):
    request = urllib.request.Request(url, data=data.encode() if data else None)
    if cookie:
        request.add_header("Cookie", cookie)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def gone(element):
    """A wait condition: true once `element` has left the page. While the next page replaces it,
    chromedriver says so either as a stale element or, in a race, as an "unknown error" that the
    node "does not belong to the document"; both mean it is gone (Selenium's `staleness_of` knows
    only the first, so the race failed a run now and then)."""
    def predicate(_driver):
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
    return predicate


def press(driver, key):
    """Presses `key` on the page and waits for the page it leads to."""
    old = driver.find_element(By.TAG_NAME, "html")
    ActionChains(driver).send_keys(key).perform()
    WebDriverWait(driver, 10).until(gone(old))
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def codes(workspace, judge):
    with sqlite3.connect(pathlib.Path(workspace) / ".cohort" / "state.sqlite") as db:
        return db.execute(
            "SELECT item_id, category FROM feedback_code WHERE judge = ? ORDER BY id", (judge,)).fetchall()


def reconciliations(workspace):
    with sqlite3.connect(pathlib.Path(workspace) / ".cohort" / "state.sqlite") as db:
        return db.execute(
            "SELECT item_id, category, note, agreed_by FROM feedback_reconciliation ORDER BY id").fetchall()


def serve(cohort, workspace, now, *arguments):
    """Starts `cohort feedback serve ARGUMENTS`; returns the process and the address it printed."""
    server = subprocess.Popen(
        [cohort, "feedback", "serve", *arguments, "--now", now], cwd=workspace,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    address = server.stdout.readline().strip()
    assert address.startswith("http://127.0.0.1:") and "?token=" in address, (address, server.stderr)
    return server, address


def reconcile_journey(driver, cohort, workspace, now):
    """Settles the two disagreements the coding journey left on the reconciliation page."""
    server, address = serve(cohort, workspace, now, "--reconcile", "--by", "Rosa")
    try:
        base = address.split("?")[0]
        assert status(base)[0] == 403
        assert status(base + "reconcile", "csrf=x&item=fb-001&category=unclear&reason=r")[0] == 403
        driver.get(address)
        cookie = driver.get_cookie("cohort_session")
        assert cookie and cookie["httpOnly"] and cookie.get("sameSite") == "Strict", cookie
        assert status(address)[0] == 403, "the token is spent"
        session = "cohort_session=" + cookie["value"]
        assert status(base + "reconcile", "csrf=wrong&item=fb-001&category=unclear&reason=r", session)[0] == 403
        assert reconciliations(workspace) == []

        def shown():
            return {
                "item": driver.find_element(By.CSS_SELECTOR, "h1").text,
                "progress": driver.find_element(By.CSS_SELECTOR, ".progress").text,
                "categories": [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".codes .category")],
            }

        first = shown()
        assert first == {
            "item": "Item fb-001", "progress": "Rosa: 0 of 2 disagreements reconciled, 2 left",
            "categories": ["integrate-now", "unclear"]}, first
        judges = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".codes h2")]
        assert judges == ["Amara Okafor", "Jonas Lindqvist"], judges

        # A key without a reason: the page holds the form back (the reason is required).
        driver.find_element(By.TAG_NAME, "body").click()
        ActionChains(driver).send_keys("4").perform()
        assert driver.execute_script("return document.getElementById('reason').validity.valueMissing")
        assert reconciliations(workspace) == []

        # Keyboard only: the reason, Tab to the buttons, then the category's key.
        reason = driver.find_element(By.ID, "reason")
        reason.click()
        reason.send_keys("both fit; the data engineers decide")
        ActionChains(driver).send_keys(Keys.TAB).perform()
        assert driver.switch_to.active_element.tag_name == "button"
        press(driver, "2")
        second = shown()
        assert second["item"] == "Item fb-002", second
        assert second["progress"] == "Rosa: 1 of 2 disagreements reconciled, 1 left", second
        alert = driver.find_element(By.CSS_SELECTOR, '[role="alert"]').text
        assert alert.startswith("Reconciled fb-001 as needs-resourcing"), alert

        # The second with a click.
        old = driver.find_element(By.TAG_NAME, "html")
        driver.find_element(By.ID, "reason").send_keys("out of scope for this pilot")
        driver.find_element(By.CSS_SELECTOR, 'button[value="out-of-scope"]').click()
        WebDriverWait(driver, 10).until(gone(old))
        done = driver.find_element(By.CSS_SELECTOR, "h1").text
        assert done == "Nothing to reconcile", done
        return {"reconciled": reconciliations(workspace), "first": first}
    finally:
        server.terminate()
        server.wait(timeout=10)


def main():
    cohort, workspace, now = sys.argv[1:4]
    screenshot = sys.argv[sys.argv.index("--screenshot") + 1] if "--screenshot" in sys.argv else None
    server = subprocess.Popen(
        [cohort, "feedback", "serve", "--judge", "amara", "--now", now], cwd=workspace,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = {}
    try:
        address = server.stdout.readline().strip()
        assert address.startswith("http://127.0.0.1:") and "?token=" in address, address
        base = address.split("?")[0]
        token = address.split("token=")[1]
        # Nothing without the token, or with a wrong one; nothing recorded.
        assert status(base)[0] == 403
        assert status(base + "?token=" + "0" * len(token))[0] == 403
        assert status(base + "code", "csrf=x&item=fb-001&category=unclear")[0] == 403

        options = webdriver.ChromeOptions()
        for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,1400",
                     "--force-renderer-accessibility"]:
            options.add_argument(flag)
        options.binary_location = "/usr/bin/chromium"
        driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
        pages = []
        try:
            driver.get(address)
            pages.append(driver.page_source)
            cookie = driver.get_cookie("cohort_session")
            assert cookie and cookie["httpOnly"] and cookie.get("sameSite") == "Strict", cookie
            # The token is spent: a second use is refused.
            assert status(address)[0] == 403

            # A wrong CSRF token with the real session: refused, nothing recorded.
            session = "cohort_session=" + cookie["value"]
            assert status(base + "code", "csrf=wrong&item=fb-001&category=unclear", session)[0] == 403
            assert codes(workspace, "amara") == []

            items = []
            for key in "12345":
                items.append(driver.find_element(By.CSS_SELECTOR, "h1").text.removeprefix("Item "))
                press(driver, key)
                pages.append(driver.page_source)
            seen["items"] = items
            recorded = codes(workspace, "amara")
            assert [r[0] for r in recorded] == items, (recorded, items)
            assert [r[1] for r in recorded] == [
                "integrate-now", "needs-resourcing", "no-agreement", "unclear", "out-of-scope"], recorded
            progress = driver.find_element(By.CSS_SELECTOR, ".progress").text
            assert "5 of " in progress, progress

            # Undo brings the last item back, its own code marked; 6 codes it again.
            press(driver, "z")
            assert driver.find_element(By.CSS_SELECTOR, "h1").text == "Item " + items[-1]
            pressed = driver.find_element(By.CSS_SELECTOR, 'button[aria-pressed="true"]')
            assert pressed.get_attribute("value") == "out-of-scope"
            press(driver, "6")
            pages.append(driver.page_source)
            recorded = codes(workspace, "amara")
            assert recorded[-1] == (items[-1], "against-aim") and len(recorded) == 6, recorded

            # The hostile comment shows as its own text.
            comment = driver.find_element(By.ID, "comment").text
            seen["hostile"] = comment
            assert comment == HOSTILE, comment
            assert driver.execute_script("return window.__hacked === undefined")

            # Labelled controls, through the accessibility tree Chromium reports.
            tree = driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
            controls = [n for n in tree if n.get("role", {}).get("value") in ("button", "textbox", "combobox")
                        and not n.get("ignored")]
            unnamed = [n for n in controls if not n.get("name", {}).get("value")]
            assert controls and not unnamed, unnamed
            seen["controls"] = sorted(n["name"]["value"].split("\n")[0] for n in controls)

            # A visible focus outline: Tab to a category button, read its computed style.
            body = driver.find_element(By.TAG_NAME, "body")
            body.send_keys(Keys.TAB)
            for _ in range(6):
                if driver.switch_to.active_element.tag_name == "button":
                    break
                ActionChains(driver).send_keys(Keys.TAB).perform()
            outline = driver.execute_script(
                "var s = getComputedStyle(document.activeElement);"
                "return [s.outlineStyle, s.outlineWidth, s.outlineColor];")
            assert outline[0] != "none" and outline[1] != "0px", outline
            seen["outline"] = outline
            if screenshot:
                driver.save_screenshot(screenshot)
            seen["reconcile"] = reconcile_journey(driver, cohort, workspace, now)
        finally:
            driver.quit()
        # Blind: no response names the other judge or marks a code of theirs; only the judge's own
        # code is marked, after an undo.
        for page in pages:
            assert "jonas" not in page.lower(), page
        for page in pages:
            assert not re.search(r'<button[^>]*aria-pressed="true"', page), page
        seen["pages"] = len(pages)
        seen["codes"] = codes(workspace, "amara")
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
