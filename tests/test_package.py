"""The package's surface: every public name resolves, and importing bialign does nothing."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys

from corpora import REPO

import bialign


def test_every_public_name_resolves_to_its_module() -> None:
    for name in bialign.__all__:
        value = getattr(bialign, name)
        if name != "__version__":
            assert (
                importlib.import_module(f"bialign.{bialign._WHERE[name]}").__dict__[name] is value
            )


def test_lazy_table_and_type_checking_imports_name_the_same_things() -> None:
    tree = ast.parse((REPO / "bialign" / "__init__.py").read_text(encoding="utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If))
    typed = {
        alias.name: node.module
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert typed == bialign._WHERE
    assert set(bialign.__all__) == {*typed, "__version__"}


def test_importing_bialign_imports_no_numpy_regex_xml_or_processes() -> None:
    code = (
        "import sys, bialign; "
        "print(sorted(m for m in ('numpy', 'regex', 'xml.sax', 'xml.etree', 'multiprocessing',"
        " 'concurrent.futures', 'bialign.align', 'bialign.lexicon') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        bialign.align_everything  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as error:
        assert "align_everything" in str(error)
    else:
        raise AssertionError("no AttributeError")
