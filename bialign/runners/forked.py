"""Worker processes forked from this one, each fed through a pipe of its own: the pool that
``--jobs`` runs on Linux.

``concurrent.futures.ProcessPoolExecutor`` hands every batch and outcome through two threads of
this process (its manager and a queue's feeder) and needs :mod:`multiprocessing` (7 ms to
import). Here one thread reads every worker's answers. Both execute the same instructions on
6 MB of articles (callgrind), but ``bialign align DIR --jobs 2`` took 1 to 5% less CPU time
(the median of 30 to 40 runs taking turns with the process pool's: thread switches cost more
on a virtual machine than their instructions say). A worker that dies fails only the calls
it held; the process pool failed every worker's. Forked, the workers start with what this
process loaded.
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
        self._reader: threading.Thread | None = None
        # Who closes the answers' pipes: the answers' thread once it reads them, else
        # terminate (interrupted while starting, the thread may have begun or not).
        self._reading = False
        self._answers_closed = False
        try:
            for _ in range(workers):
                self._fork(initializer, initargs)
            reader = threading.Thread(target=self._read, name="bialign-answers", daemon=True)
            reader.start()
            self._reader = reader
        except BaseException:  # Ctrl-C, say: no worker is left waiting for calls
            self.terminate()
            raise

    def _fork(self, initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
        calls_in, calls_out = os.pipe()
        answers_in, answers_out = os.pipe()
        # Blocked until the worker is recorded (so that an interrupt ends it too), and in the
        # worker until it has set its own handlers.
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
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            raise
        self._workers.append(_Worker(pid, calls_out, answers_in))
        os.close(calls_in)
        os.close(answers_out)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)

    def submit(self, fn: Callable[[_A], _R], arg: _A) -> Future[_R]:
        """Have a worker call ``fn(arg)``; raise :class:`WorkerDied` if one has died, and
        ``RuntimeError`` once the pool is shut down."""
        call = _message(pickle.dumps((fn, arg), protocol=pickle.HIGHEST_PROTOCOL))
        future: Future[_R] = Future()
        with self._lock:
            if self._broken is not None:
                raise WorkerDied(*self._broken.args)  # a fresh one: tracebacks pile up on one
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
        with self._lock:
            if self._answers_closed:  # the pool was ended before this thread ran
                return
            self._reading = True
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
                    try:
                        ok, value = pickle.loads(answer)
                    except Exception as error:  # an exception that pickles but does not unpickle
                        ok, value = False, error
                    if ok:
                        future.set_result(value)
                    else:
                        future.set_exception(value)
        except BaseException as error:  # out of memory, say: no call waits for ever
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
        if self._reader is not None:
            self._reader.join()
        for worker in self._workers:  # those the answers' thread did not see end (it failed)
            self._reap(worker, wait=True)

    def terminate(self) -> None:
        """End the workers now (their waiting calls fail), and wait for them to exit."""
        self._close_calls()
        for worker in self._workers:
            self._signal(worker, signal.SIGTERM)
        deadline = time.monotonic() + _GRACE_SECONDS
        for worker in self._workers:
            while self._reap(worker, wait=False) is None:
                if time.monotonic() > deadline:
                    self._signal(worker, signal.SIGKILL)
                    self._reap(worker, wait=True)
                    break
                time.sleep(0.01)
        with self._lock:
            if self._reading:  # the answers' thread closes their pipes as they end
                return
            self._answers_closed = True  # interrupted while starting: nobody reads them
        for worker in self._workers:
            os.close(worker.answers)

    def _signal(self, worker: _Worker, number: signal.Signals) -> None:
        """Send a worker a signal unless it has been reaped (its number may be another's)."""
        with self._reaping:
            if worker.status is None:
                os.kill(worker.pid, number)

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
            fn, arg = pickle.loads(call)
            try:
                answer: tuple[bool, Any] = (True, fn(arg))
            except Exception as error:
                answer = (False, error)
            try:
                data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as error:
                unsent = RuntimeError(f"cannot send {answer[1]!r}: {error}")
                data = pickle.dumps((False, unsent), protocol=pickle.HIGHEST_PROTOCOL)
            _write(answers, _message(data))
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


def _message(data: bytes) -> bytes:
    return _HEAD.pack(len(data)) + data


def _write(fd: int, message: bytes) -> None:
    view = memoryview(message)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int) -> bytes | None:
    """The next message on ``fd``; ``None`` at its end (the writer has closed it or died)."""
    head = _read_exactly(fd, _HEAD.size)
    return None if head is None else _read_exactly(fd, _HEAD.unpack(head)[0])


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
        try:
            name = signal.Signals(-status).name
        except ValueError:  # a real-time signal
            name = f"signal {-status}"
        return f"was killed ({name})"
    return f"exited with status {status}"
