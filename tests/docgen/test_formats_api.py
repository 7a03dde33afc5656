"""The format writers: documented, on well-kept libraries only, no hand-written binary format left."""

import ast
import dataclasses
import inspect
from pathlib import Path

import preflight.formats as formats

ROOT = Path(formats.__file__).resolve().parents[2]
# Standard-library modules the writers may use; zlib and struct are not among them: a writer
# that needs them is encoding a binary format by hand, which is the libraries' job.
STDLIB_OK = {"__future__", "array", "dataclasses", "datetime", "io", "math", "pathlib", "re", "sys", "typing",
             "wave", "xml", "zipfile"}
LIBRARIES = {"fpdf", "PIL", "odf", "docx", "openpyxl"}  # fpdf2, Pillow, odfpy, python-docx, openpyxl


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_every_public_name_has_a_docstring():
    for name in formats.__all__:
        obj = getattr(formats, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert (obj.__doc__ or "").strip(), name
            if inspect.isclass(obj) and not dataclasses.is_dataclass(obj):
                for method_name, method in vars(obj).items():
                    if inspect.isfunction(method) and not method_name.startswith("_"):
                        assert (method.__doc__ or "").strip(), f"{name}.{method_name}"


def test_writers_use_the_libraries_and_the_standard_library_only():
    used = set()
    for path in Path(formats.__file__).parent.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) < 400, path.name
        roots = imported_roots(path)
        assert roots <= STDLIB_OK | LIBRARIES, (path.name, roots - STDLIB_OK - LIBRARIES)
        used |= roots
    assert LIBRARIES <= used


def test_the_hand_written_writers_are_gone():
    assert not (ROOT / "roomserver" / "docgen").exists()
    assert not (ROOT / "preflight" / "jpeg.py").exists()
    # The server's own files come from the same writers, not from a second copy.
    for module in ("roomserver/content/build_demo.py", "roomserver/api/preflight_export.py"):
        path = ROOT / module
        assert "preflight.formats" in path.read_text(encoding="utf-8"), module
        assert not imported_roots(path) & {"zlib", "struct"}, module
