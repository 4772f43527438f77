"""The one thing pyproject.toml cannot say yet: the aligner's inner loops, in C.

``optional``: without a C compiler bialign installs all the same and runs the same loops in
NumPy (``bialign.search._rows_numpy``, ``bialign.align._dice_numpy``,
``bialign.align._length_terms_numpy``), with the same results, more slowly.
``-ffp-contract=off``: no fused multiply-add, which would round differently from NumPy
(compilers that do not know the flag warn and go on).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "bialign._speedups",
            ["bialign/_speedups.c"],
            extra_compile_args=["-ffp-contract=off"],
            optional=True,
        )
    ]
)
