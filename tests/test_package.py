"""The package's surface: every public name resolves, and importing bialign does nothing."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import types
from pathlib import Path

import pytest
from corpora import REPO

import bialign
from bialign import _compiled


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


def test_dir_lists_the_public_names_and_not_the_modules_own_imports() -> None:
    names = dir(bialign)
    assert set(bialign.__all__) <= set(names)
    assert not {"Any", "TYPE_CHECKING", "annotations", "importlib"} & set(names)
    assert {"__version__", "__file__", "__doc__"} <= set(names)


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        bialign.align_everything  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as error:
        assert "align_everything" in str(error)
    else:
        raise AssertionError("no AttributeError")


def test_the_compiled_loops_and_the_python_code_name_the_same_interface() -> None:
    source = (Path(bialign.__file__).parent / "_speedups.c").read_text(encoding="utf-8")
    assert f"#define INTERFACE {_compiled.INTERFACE}\n" in source
    built = pytest.importorskip("bialign._speedups", reason="the compiled loops were not built")
    assert built.INTERFACE == _compiled.INTERFACE


def test_a_build_of_other_source_is_left_for_the_python_loops_with_a_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An extension left in a checkout from before an update: no INTERFACE, or an older one.
    old = types.ModuleType("bialign._speedups")
    old.__file__ = "/checkout/bialign/_speedups.so"
    monkeypatch.setitem(sys.modules, "bialign._speedups", old)
    monkeypatch.setattr(bialign, "_speedups", old, raising=False)
    with pytest.warns(RuntimeWarning, match="/checkout/bialign/_speedups.so was built from other"):
        assert _compiled._load() is None
    old.INTERFACE = _compiled.INTERFACE  # type: ignore[attr-defined]
    assert _compiled._load() is old
