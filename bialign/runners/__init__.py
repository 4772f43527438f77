"""Run many documents: :mod:`~bialign.runners.local` on a pool of local processes."""
