"""Build the host agent as one ``.pyz`` file (stdlib ``zipapp``) for the room server to offer.

Only the agent's top-level modules go in: the server-side ones, and the ``formats`` subpackage,
need third-party libraries. The file name carries a digest of the sources, so a new version
of the agent is rebuilt, an unchanged one is built once and reused.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import zipapp
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SERVER_ONLY = {"tasks.py", "samples.py", "browsers.py", "browser_facts.py", "releases.json", "pyz.py"}
INTERPRETER = "/usr/bin/env python3"


def agent_files() -> list[Path]:
    return sorted(p for p in PACKAGE_DIR.iterdir()
                  if p.is_file() and p.suffix in (".py", ".json") and p.name not in SERVER_ONLY)


def sources_digest() -> str:
    digest = hashlib.sha256(b"main-v2")
    for path in agent_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def build_pyz(target_dir: Path) -> Path:
    """The agent's .pyz in ``target_dir``, built only when missing (atomic rename: no half file is served)."""
    target_dir = Path(target_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"roomserver-preflight-{sources_digest()}.pyz"
    if target.exists():
        return target
    with tempfile.TemporaryDirectory(dir=target_dir) as staging:
        package = Path(staging, "src", "preflight")
        package.mkdir(parents=True)
        for path in agent_files():
            shutil.copy2(path, package / path.name)
        # Our own __main__ (zipapp's ``main=`` would drop the exit status).
        Path(package.parent, "__main__.py").write_text(
            "import sys\nfrom preflight.agent import main\nsys.exit(main())\n", encoding="utf-8")
        built = Path(staging, "agent.pyz")
        zipapp.create_archive(package.parent, built, interpreter=INTERPRETER, compressed=True)
        built.replace(target)
    for old in target_dir.glob("roomserver-preflight-*.pyz"):
        if old != target:
            old.unlink(missing_ok=True)
    return target
