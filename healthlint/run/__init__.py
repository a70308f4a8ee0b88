"""Run: the engine, which files a run takes, worker processes, the result cache, suppressions."""
