"""Run many documents: :mod:`~bialign.runners.local` on a pool of local processes,
:mod:`~bialign.runners.ray` on a Ray cluster (the ``ray`` extra), both the same file job;
:mod:`~bialign.runners.rows` is the per-document function over rows that a data engine maps.
"""
