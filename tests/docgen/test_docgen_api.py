"""The docgen public API is documented and standard-library only."""

import ast
import dataclasses
import inspect
from pathlib import Path

import roomserver.docgen as docgen

STDLIB_OK = {"__future__", "dataclasses", "io", "math", "re", "struct", "textwrap", "typing", "unicodedata",
             "wave", "xml", "zipfile", "zlib"}


def test_every_public_name_has_a_docstring():
    for name in docgen.__all__:
        obj = getattr(docgen, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert (obj.__doc__ or "").strip(), name
            if inspect.isclass(obj):
                for method_name, method in vars(obj).items():
                    public = not method_name.startswith("_") or method_name == "__init__"
                    if inspect.isfunction(method) and public and not dataclasses.is_dataclass(obj):
                        assert (method.__doc__ or "").strip(), f"{name}.{method_name}"


def test_only_standard_library_imports():
    for path in Path(docgen.__file__).parent.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) < 400, path.name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                roots = {node.module.split(".")[0]}
            else:
                continue
            assert roots <= STDLIB_OK, (path.name, roots)
