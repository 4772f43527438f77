"""Test tiers and Hypothesis profiles.

``python -m pytest`` runs the fast tier: everything not marked ``slow``, in well under a
minute on a contributor's clone. ``python -m pytest -m slow`` runs the rest: property-based
tests (Hypothesis), the browser test and tests marked ``@pytest.mark.slow`` (whole corpora,
subprocess-heavy runs); ``.ci/run`` runs both tiers. Hypothesis tests are marked here, so a
new one joins the slow tier by itself.

Hypothesis profiles: ``dev`` (the default) and ``ci`` (chosen when ``CI`` is set, or with
``HYPOTHESIS_PROFILE=ci``): no deadline on either, since this machine's speed varies; ``ci``
prints the blob that reproduces a failure. A test's own ``@settings(max_examples=...)``
keeps its count in both.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, print_blob=True)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

#: Test modules that are slow as a whole.
_SLOW_MODULES = frozenset({"test_html_browser.py"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        function = getattr(item, "obj", None)
        if getattr(function, "is_hypothesis_test", False) or item.path.name in _SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
