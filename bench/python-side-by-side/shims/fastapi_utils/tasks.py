"""fastapi-utils' `repeat_every` (not packaged for Debian 12), written again for the side-by-side:
the decorated startup hook schedules the task every `seconds`, a plain function in the thread pool,
as the original does; a failure is logged and the next run still happens."""
import asyncio
import functools
import logging

from starlette.concurrency import run_in_threadpool


def repeat_every(*, seconds, wait_first=False, logger=None, raise_exceptions=False, max_repetitions=None):
    def decorator(task):
        is_coroutine = asyncio.iscoroutinefunction(task)

        @functools.wraps(task)
        async def schedule():
            async def loop():
                if wait_first:
                    await asyncio.sleep(seconds)
                while True:
                    try:
                        if is_coroutine:
                            await task()
                        else:
                            await run_in_threadpool(task)
                    except Exception as failure:
                        logging.getLogger("repeat_every").warning("task failed: %s", failure)
                    await asyncio.sleep(seconds)

            asyncio.ensure_future(loop())

        return schedule

    return decorator
