"""The one thing pyproject.toml cannot say yet: the aligner's inner loops, in C.

``optional``: without a C compiler bialign installs all the same and runs the same loops in
Python and NumPy (``bialign.search._rows_numpy``, ``bialign.scorers.anchors._dice_numpy``,
``bialign.scorers.length._length_terms_numpy``, and ``bialign.lexicon.vocabulary``'s own
word analysis, numbering and signatures), with the same results, more slowly.
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
