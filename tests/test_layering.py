"""The headless core stays headless: `store/` never imports Textual or the `tui` package."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

STORE = Path(__file__).resolve().parents[1] / "store"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def module_name(path: Path) -> str:
    parts = path.relative_to(STORE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_store_module_imports_textual_or_tui() -> None:
    offenders = {
        str(path.relative_to(STORE)): sorted(imported_modules(path) & {"textual", "tui"})
        for path in sorted(STORE.rglob("*.py"))
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_importing_the_whole_store_loads_no_textual() -> None:
    modules = [module_name(path) for path in sorted(STORE.rglob("*.py"))]
    script = f"import importlib, sys\nfor name in {modules!r}: importlib.import_module(name)\n"
    script += "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui')))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
