"""Code in a question (content-pack.md): a paragraph indented by four spaces is a code block,
`backticks` are inline code; the candidate page shows both in a monospace font (real Chromium)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

INSTRUCTION = ("Voici un programme Python :\n\n    x = 7\n    if x > 5:\n        y = x * 2\n\n    print(y)\n\n"
               "Que vaut `x * 2` ?\nUne ligne normale.")


def test_code_blocks_and_inline_code_are_monospace(live_server, browser):
    page = browser.new_page()
    try:
        page.goto(live_server.url + "/")
        page.wait_for_load_state("load")
        page.evaluate("""async (text) => {
            const { richParagraphs, inlineCode } = await import('/static/shared/dom.js');
            const box = document.createElement('div');
            box.className = 'instruction';
            box.append(...richParagraphs(text));
            const label = document.createElement('label');
            label.append(...inlineCode('La formule `=SOMME(A1:A3)` et un accent grave ` seul'));
            const choice = document.createElement('div');
            choice.className = 'choice';
            choice.append(label);
            document.querySelector('main').replaceChildren(box, choice);
        }""", INSTRUCTION)
        pre = page.locator(".instruction pre.code")
        assert pre.count() == 1
        # Four spaces off, the rest kept; a blank line inside the program keeps it in one box.
        assert pre.inner_text() == "x = 7\nif x > 5:\n    y = x * 2\n\nprint(y)"
        assert "monospace" in pre.evaluate("e => getComputedStyle(e).fontFamily")
        inline = page.locator(".instruction p code")
        assert inline.inner_text() == "x * 2"
        assert "monospace" in inline.evaluate("e => getComputedStyle(e).fontFamily")
        assert page.locator(".instruction p").nth(0).inner_text() == "Voici un programme Python :"
        assert "Une ligne normale." in page.locator(".instruction p").nth(1).inner_text()
        assert page.locator(".instruction p").nth(1).locator("br").count() == 1
        # An odd backtick is shown as written, never half a code span.
        assert page.locator(".choice label code").count() == 0
        assert page.locator(".choice label").inner_text() == "La formule `=SOMME(A1:A3)` et un accent grave ` seul"
    finally:
        page.close()
