"""Worker processes forked from this one, each fed through a pipe of its own: the pool that
``--jobs`` runs on Linux.

``concurrent.futures.ProcessPoolExecutor`` hands every batch and outcome through two threads of
this process (its manager and a queue's feeder) and a lock the workers share; beside one
worker, that handling cost ``--jobs 2`` some 3% more CPU than these pipes, which one thread
reads (``benchmarks/pool.py``). Forked, the workers start with what this process loaded.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Future
from typing import Any, NoReturn, TypeVar

__all__ = ["ForkedPool", "WorkerDied"]

_A = TypeVar("_A")
_R = TypeVar("_R")

#: A message's length, before it: a pickled call or its outcome.
_HEAD = struct.Struct("<Q")

#: How long ended workers are given to exit before they are killed.
_GRACE_SECONDS = 5.0

#: Signals blocked while a worker forks: it sets its own handlers before it takes any.
_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


class WorkerDied(BrokenExecutor):
    """A worker ended before returning a call it had been given (killed, out of memory); the
    pool takes no more calls."""


class _Worker:
    """One worker: its process, the ends of its two pipes this process keeps, and the
    futures of the calls it was given, oldest first (a worker answers in order)."""

    def __init__(self, pid: int, calls: int, answers: int) -> None:
        self.pid, self.calls, self.answers = pid, calls, answers
        self.waiting: deque[Future[Any]] = deque()
        self.status: int | None = None  # its exit status, once reaped


class ForkedPool:
    """``workers`` processes forked from this one, each running ``initializer(*initargs)``
    once, then the calls given to it by :meth:`submit`, in order.

    A call goes to the worker with the fewest calls waiting. Calls and outcomes are pickled;
    calls should be small (a batch's task numbers), since a full pipe would block the thread
    that submits. Outcomes come back on a thread of this process, which runs the futures'
    callbacks. A worker that dies fails its own waiting calls with :class:`WorkerDied`, and
    the pool refuses new calls; the other workers finish theirs.
    """

    def __init__(
        self, workers: int, initializer: Callable[..., None], initargs: tuple[Any, ...]
    ) -> None:
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()
        self._reaping = threading.Lock()  # the answers' thread and terminate may both reap
        self._broken: WorkerDied | None = None
        self._closed = False
        try:
            for _ in range(workers):
                self._workers.append(self._fork(initializer, initargs))
        except BaseException:
            self.terminate()
            raise
        self._reader = threading.Thread(target=self._read, name="bialign-answers", daemon=True)
        self._reader.start()

    def _fork(self, initializer: Callable[..., None], initargs: tuple[Any, ...]) -> _Worker:
        calls_in, calls_out = os.pipe()
        answers_in, answers_out = os.pipe()
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
        try:
            pid = os.fork()
            if pid == 0:
                theirs = [fd for w in self._workers for fd in (w.calls, w.answers)]
                mine = calls_in, answers_out
                _serve(*mine, [calls_out, answers_in, *theirs], held, initializer, initargs)
        except BaseException:
            for fd in (calls_in, calls_out, answers_in, answers_out):
                os.close(fd)
            raise
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        os.close(calls_in)
        os.close(answers_out)
        return _Worker(pid, calls_out, answers_in)

    def submit(self, fn: Callable[[_A], _R], arg: _A) -> Future[_R]:
        """Have a worker call ``fn(arg)``; raise :class:`WorkerDied` if one has died, and
        ``RuntimeError`` once the pool is shut down."""
        call = _message((fn, arg))
        future: Future[_R] = Future()
        with self._lock:
            if self._broken is not None:
                raise self._broken
            if self._closed:
                raise RuntimeError("cannot submit to a pool that was shut down")
            worker = min(self._workers, key=lambda w: len(w.waiting))
            try:
                _write(worker.calls, call)
            except BrokenPipeError:  # it died, and the answers' thread has yet to see it
                self._broken = WorkerDied("a worker has ended")
                raise self._broken from None
            worker.waiting.append(future)
        return future

    def _read(self) -> None:
        """Hand each outcome to its future as it comes; end once every worker has ended."""
        by_fd = {worker.answers: worker for worker in self._workers}
        try:
            poll = select.poll()
            for fd in by_fd:
                poll.register(fd, select.POLLIN)
            while by_fd:
                for fd, _ in poll.poll():
                    worker = by_fd[fd]
                    answer = _receive(fd)
                    if answer is None:  # the worker has ended: shut down, or died
                        poll.unregister(fd)
                        del by_fd[fd]
                        self._ended(worker)
                        continue
                    with self._lock:
                        future = worker.waiting.popleft()
                    ok, value = answer
                    if ok:
                        future.set_result(value)
                    else:
                        future.set_exception(value)
        except BaseException as error:  # an outcome that cannot be read: no call waits for ever
            self._fail(error)
        finally:
            for fd in by_fd:
                os.close(fd)

    def _ended(self, worker: _Worker) -> None:
        os.close(worker.answers)
        status = self._reap(worker, wait=True)
        with self._lock:
            lost = list(worker.waiting)
            worker.waiting.clear()
            if lost or (status != 0 and not self._closed):
                self._broken = self._broken or WorkerDied(f"a worker {_status_text(status)}")
        for future in lost:
            future.set_exception(WorkerDied(f"the worker {_status_text(status)}"))

    def _fail(self, error: BaseException) -> None:
        with self._lock:
            self._broken = self._broken or WorkerDied(f"the pool failed: {error!r}")
            lost = [future for worker in self._workers for future in worker.waiting]
            for worker in self._workers:
                worker.waiting.clear()
        for future in lost:
            future.set_exception(error)

    def _reap(self, worker: _Worker, wait: bool) -> int | None:
        """The worker's exit status once it has exited (``None`` before)."""
        with self._reaping:
            if worker.status is None:
                pid, status = os.waitpid(worker.pid, 0 if wait else os.WNOHANG)
                if pid:
                    worker.status = os.waitstatus_to_exitcode(status)
            return worker.status

    def shutdown(self) -> None:
        """Take no more calls; wait for the workers to answer those given, and to exit."""
        self._close_calls()
        self._reader.join()

    def terminate(self) -> None:
        """End the workers now (their waiting calls fail), and wait for them to exit."""
        self._close_calls()
        for worker in self._workers:
            if self._reap(worker, wait=False) is None:
                os.kill(worker.pid, signal.SIGTERM)
        deadline = time.monotonic() + _GRACE_SECONDS
        for worker in self._workers:
            while self._reap(worker, wait=False) is None:
                if time.monotonic() > deadline:
                    os.kill(worker.pid, signal.SIGKILL)
                    self._reap(worker, wait=True)
                    break
                time.sleep(0.01)

    def _close_calls(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            for worker in self._workers:
                os.close(worker.calls)


def _serve(
    calls: int,
    answers: int,
    others: list[int],
    held: set[int | signal.Signals],
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
) -> NoReturn:
    """A worker's life: answer calls until this process closes their pipe."""
    code = 1
    try:
        for fd in others:  # held open here, another worker's pipe would never end
            os.close(fd)
        # A thread of the parent may have been writing to them when it forked, holding their
        # locks for good: the worker writes (warnings) through its own.
        sys.stdout = _fresh_stream(sys.stdout, 1)
        sys.stderr = _fresh_stream(sys.stderr, 2)
        initializer(*initargs)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        while (call := _receive(calls)) is not None:
            fn, arg = call
            try:
                answer: tuple[bool, Any] = (True, fn(arg))
            except Exception as error:
                answer = (False, error)
            try:
                message = _message(answer)
            except (pickle.PicklingError, TypeError, AttributeError) as error:
                message = _message((False, RuntimeError(f"cannot send {answer[1]!r}: {error}")))
            _write(answers, message)
        code = 0
    except BrokenPipeError:  # this process has gone: nobody waits for the answer
        pass
    except BaseException:
        if sys.stderr is not None:
            import traceback

            traceback.print_exc()
    finally:
        os._exit(code)


def _fresh_stream(stream: Any, fd: int) -> Any:
    if stream is None:
        return None
    encoding = getattr(stream, "encoding", None) or "utf-8"
    errors = getattr(stream, "errors", None) or "backslashreplace"
    return open(fd, "w", buffering=1, encoding=encoding, errors=errors, closefd=False)


def _message(content: object) -> bytes:
    data = pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEAD.pack(len(data)) + data


def _write(fd: int, message: bytes) -> None:
    view = memoryview(message)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int) -> Any:
    """The next message on ``fd``; ``None`` at its end (the writer has closed it or died)."""
    head = _read_exactly(fd, _HEAD.size)
    if head is None:
        return None
    body = _read_exactly(fd, _HEAD.unpack(head)[0])
    return None if body is None else pickle.loads(body)


def _read_exactly(fd: int, size: int) -> bytes | None:
    parts = []
    while size:
        part = os.read(fd, size)
        if not part:
            return None
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _status_text(status: int | None) -> str:
    if status is not None and status < 0:
        return f"was killed ({signal.Signals(-status).name})"
    return f"exited with status {status}"
