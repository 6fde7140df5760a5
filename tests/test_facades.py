"""The facade rule: a module imports another pipeline package only through that package's
facade (`indexer.pdf`, never `indexer.pdf.reader`). Allowed everywhere: the shared contracts
`indexer.models`, `indexer.errors`, `indexer.notices`, `indexer.files` and
`search_api.settings`. Inside one package its modules import each other freely."""

from __future__ import annotations

import ast
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
TOP_LEVELS = ("indexer", "search_api")
SHARED_MODULES = {
    "indexer.models",
    "indexer.errors",
    "indexer.notices",
    "indexer.files",
    "search_api.settings",
}
# The composition root wires every package's routers and parts together: it may reach in;
# so may the request guard it installs, which applies every route's rules (admin upload
# limits, authentication, the error renderer) before any route runs.
COMPOSITION_ROOTS = {"search_api.app", "search_api.guards"}
# (importing module, imported private module): why the facade is not enough.
JUSTIFIED: dict[tuple[str, str], str] = {}


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(name: str) -> str:
    """`indexer.pdf.reader` → `indexer.pdf`; a top-level module is its own package."""
    parts = name.split(".")
    path = PROJECT_ROOT.joinpath(*parts)
    if path.is_dir():
        return name
    return ".".join(parts[:-1]) if len(parts) > 2 else name


def imported_modules(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            # `from indexer.pdf import reader` reaches the private module too
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                if PROJECT_ROOT.joinpath(*candidate.split(".")).with_suffix(".py").is_file():
                    names.append(candidate)
    return [name for name in names if name.split(".")[0] in TOP_LEVELS]


def violations() -> list[str]:
    found = []
    for top in TOP_LEVELS:
        for path in sorted((PROJECT_ROOT / top).rglob("*.py")):
            importer = module_name(path)
            if importer in COMPOSITION_ROOTS:
                continue
            home = package_of(importer)
            for imported in imported_modules(ast.parse(path.read_text(encoding="utf-8"))):
                target = package_of(imported)
                if imported in SHARED_MODULES or imported == target or target == home:
                    continue
                if (importer, imported) in JUSTIFIED:
                    continue
                found.append(f"{importer} imports {imported} (use the facade {target})")
    return found


def test_packages_import_each_other_only_through_their_facades() -> None:
    assert violations() == []


def test_the_rule_sees_a_private_import() -> None:
    tree = ast.parse("from indexer.pdf.reader import read_pages\nfrom indexer.pdf import ocr\n")
    assert imported_modules(tree) == ["indexer.pdf.reader", "indexer.pdf", "indexer.pdf.ocr"]
    assert package_of("indexer.pdf.reader") == "indexer.pdf"
    assert package_of("indexer.models") == "indexer.models"


def test_every_justified_exception_is_still_needed() -> None:
    for importer, imported in JUSTIFIED:
        path = PROJECT_ROOT.joinpath(*importer.split(".")).with_suffix(".py")
        assert imported in imported_modules(ast.parse(path.read_text(encoding="utf-8")))
