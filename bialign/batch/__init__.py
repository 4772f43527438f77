"""Align many documents: the per-document function, the file job around it, its planning and
the local pool, one module each.

:mod:`~bialign.batch.document` aligns the texts of one document with no file system access
(what a cluster runner calls on rows); :mod:`~bialign.batch.job` reads a task's files, calls it
and writes the result; :mod:`~bialign.batch.plan` finds inputs and names outputs;
:mod:`~bialign.batch.pool` runs jobs on local processes. The progress display and the summary
belong to the command line (:mod:`bialign.cli.progress`).
"""
