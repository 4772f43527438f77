"""The one thing pyproject.toml cannot say yet: the aligner's two inner loops, in C.

``optional``: without a C compiler bialign installs all the same and runs the same loop in
NumPy (``bialign.search._rows_numpy``, ``bialign.align._dice_numpy``), with the same
results, more slowly.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("bialign._speedups", ["bialign/_speedups.c"], optional=True)])
