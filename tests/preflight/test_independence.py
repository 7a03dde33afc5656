"""The dependency runs one way, server -> preflight: nothing under preflight/ imports roomserver.

The host agent ships alone (a .pyz), and the server-side half (task files, samples, format
writers) must work where only the libraries are installed.
"""

import ast
import subprocess
import sys
from pathlib import Path

import preflight

PACKAGE = Path(preflight.__file__).resolve().parent


def roomserver_imports(path: Path) -> list[str]:
    """Every way ``path`` names the roomserver package in an import: statements and dynamic imports."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] == "roomserver"]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module.split(".")[0] == "roomserver":
                found.append(node.module)
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in ("import_module", "__import__") and str(node.args[0].value).split(".")[0] == "roomserver":
                found.append(node.args[0].value)
    return found


def test_scanner_sees_every_form_of_import(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text("import roomserver.fonts\nfrom roomserver import docgen\n"
                      "def f():\n    import importlib\n    return importlib.import_module('roomserver.x')\n"
                      "import roomservers_like_name\nfrom .roomserver import y\n", encoding="utf-8")
    assert roomserver_imports(sample) == ["roomserver.fonts", "roomserver", "roomserver.x"]


def test_no_module_under_preflight_imports_roomserver():
    sources = sorted(PACKAGE.rglob("*.py"))
    assert len(sources) > 15 and PACKAGE / "formats" / "pdf.py" in sources
    offenders = {str(p.relative_to(PACKAGE)): roomserver_imports(p) for p in sources}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_task_files_and_samples_build_with_roomserver_unimportable():
    script = (
        "import sys\n"
        "sys.modules['roomserver'] = None  # any import of it now raises ImportError\n"
        "from preflight import samples, tasks\n"
        "for task in tasks.TASKS:\n"
        "    tasks.build(task.id, 7)\n"
        "assert len(samples.samples()) == 10\n"
        "assert not [m for m in sys.modules if m.startswith('roomserver.')]\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=PACKAGE.parent, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
