"""The candidate page's first load (HTML, styles, every script it imports, the service worker)
stays under 150 KB uncompressed: room PCs are old and the LAN is shared by thirty of them
reconnecting at once. The service worker keeps exactly the files the page needs."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

BUDGET_BYTES = 150 * 1024
IMPORT = re.compile(r"""(?:^|\s)(?:import|export)\s[^"';]*?\sfrom\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)""",
                    re.MULTILINE)
LINKED = re.compile(r"""<(?:link|script)\b[^>]*?(?:href|src)=["']([^"']+)["']""")
SHELL = re.compile(r"""^\s*"(/[^"]*)",\s*$""", re.MULTILINE)


def first_load(client) -> dict[str, int]:
    """Every URL the page loads when first opened, with its size in bytes."""
    sizes: dict[str, int] = {}
    with client.get("/") as page:
        assert page.status_code == 200
        html = page.get_data(as_text=True)
    sizes["/"] = len(html.encode("utf-8"))
    todo = [urljoin("/", link) for link in LINKED.findall(html) if not link.startswith("data:")]
    todo.append("/static/candidate/sw.js")  # registered by app.js
    while todo:
        url = todo.pop()
        if url in sizes:
            continue
        with client.get(url) as response:
            assert response.status_code == 200, url
            body = response.get_data()
        sizes[url] = len(body)
        if url.endswith(".js"):
            for static, dynamic in IMPORT.findall(body.decode("utf-8")):
                todo.append(urljoin(url, static or dynamic))
    return sizes


def test_the_first_load_of_the_candidate_page_stays_under_150_kb(client):
    sizes = first_load(client)
    total = sum(sizes.values())
    print(f"\ncandidate page, first load: {total / 1024:.1f} KB in {len(sizes)} files (budget 150 KB)")
    for url, size in sorted(sizes.items(), key=lambda item: -item[1])[:5]:
        print(f"  {size / 1024:5.1f} KB  {url}")
    assert total < BUDGET_BYTES, f"{total / 1024:.1f} KB"


def test_the_service_worker_keeps_every_file_the_page_needs(client):
    needed = set(first_load(client)) - {"/static/candidate/sw.js"}
    kept = set(SHELL.findall(Path(client.application.static_folder, "candidate", "sw.js").read_text(encoding="utf-8")))
    assert kept == needed


def test_the_service_worker_may_serve_the_page_at_the_root(client):
    with client.get("/static/candidate/sw.js") as response:
        assert response.headers["Service-Worker-Allowed"] == "/"
        assert "no-cache" in response.headers["Cache-Control"]
