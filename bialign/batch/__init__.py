"""Align many documents: the per-document function, the file job around it and its planning,
one module each.

:mod:`~bialign.batch.document` aligns the texts of one document with no file system access
(what a cluster runner calls on rows); :mod:`~bialign.batch.job` reads a task's files, calls it
and writes the result; :mod:`~bialign.batch.plan` finds inputs and names outputs. The runners
that call them on many documents are in :mod:`bialign.runners`; the progress display and the
summary belong to the command line (:mod:`bialign.cli.progress`).
"""
