"""The one thing pyproject.toml cannot say yet: the search's inner loop, in C.

``optional``: without a C compiler bialign installs all the same and runs the same loop in
NumPy (``bialign.search._rows_numpy``), with the same results, more slowly.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("bialign._search", ["bialign/_search.c"], optional=True)])
