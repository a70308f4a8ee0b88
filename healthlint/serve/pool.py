"""The server's worker processes: the pipeline loaded once per worker and kept warm.

Checks are CPU-bound Python (spaCy's tokenizer, the checks), so they run in a small
``ProcessPoolExecutor`` and the event loop only awaits them (``run_in_executor``): a long article
never stalls the page, the health check or another request. Workers are started with ``spawn``:
the server process has an event loop and threads by then, which ``fork`` does not carry safely, and
each worker opens its own SQLite vocabulary. Each worker's initializer warms spaCy, the
dictionaries and every check's resources (``jobs.init_worker``); the server reports itself ready
(``/healthz``) once every worker has answered.

A worker that dies (killed, out of memory) breaks a ``ProcessPoolExecutor``; the pool is then
replaced and the request that saw it answered with 503, so the server keeps serving.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import TYPE_CHECKING, Any, Callable

from . import jobs
from .jobs import ApiError

if TYPE_CHECKING:
    from ..core.config import Config

DEFAULT_TIMEOUT = 120.0  # seconds for one check; the largest allowed article takes a few


class CheckPool:
    def __init__(self, config: "Config", workers: int = 2, max_queue: int = 256, timeout: float = DEFAULT_TIMEOUT):
        self.config = config
        self.workers = max(1, workers)
        self.max_queue = max_queue
        self.timeout = timeout
        self.pending = 0
        self.served = 0
        self._executor: ProcessPoolExecutor | None = None
        self._ready = threading.Event()
        self._lock = threading.Lock()

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    def start(self) -> None:
        """Start the workers now (each warms up in its initializer), not on the first request."""
        with self._lock:
            self._ready.clear()
            executor = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=jobs.init_worker, initargs=(self.config,))
            self._executor = executor
        # As many pings as workers, submitted together: none is idle yet, so each starts a worker.
        pings = [executor.submit(jobs.ping) for _ in range(self.workers)]

        def wait_warm() -> None:
            try:
                for future in pings:
                    future.result()
            except Exception:  # noqa: BLE001 - a worker that cannot start: /healthz stays "starting"
                return
            if self._executor is executor:
                self._ready.set()

        threading.Thread(target=wait_warm, name="healthlint-warm-up", daemon=True).start()

    def wait_ready(self, timeout: float | None = None) -> bool:
        return self._ready.wait(timeout)

    async def run(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run ``function(*args, **kwargs)`` in a worker; ApiError from it is raised here as is."""
        if self.pending >= self.max_queue:
            raise ApiError(503, "busy", f"{self.pending} checks are waiting; try again in a moment")
        executor = self._executor
        if executor is None:
            raise ApiError(503, "starting", "the server is starting")
        self.pending += 1
        loop = asyncio.get_running_loop()
        try:
            future = loop.run_in_executor(executor, partial(function, *args, **kwargs))
            result = await asyncio.wait_for(future, self.timeout)
            self.served += 1
            return result
        except BrokenProcessPool:
            self._replace(executor)
            raise ApiError(503, "worker_lost", "a worker process stopped; the pool was restarted, try again") from None
        except asyncio.TimeoutError:
            raise ApiError(504, "timeout", f"the check took longer than {self.timeout:.0f} s") from None
        finally:
            self.pending -= 1

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is not broken:
                return  # another request replaced it already
        broken.shutdown(wait=False, cancel_futures=True)
        self.start()

    def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
