"""JSON output: every file, article, finding and figure. Its shape is documented in the README and
its version is ``schema_version`` (major bumps break readers).

Written as a stream: the header, then one file's result per line as it arrives, then the run's
summary, so a run over an archive is never held in memory and each file's entry diffs on its own line.
"""
from __future__ import annotations

import io
import json

import orjson
from typing import IO

from ..core.results import SCHEMA_VERSION, FileResult
from .base import RunInfo, Summary


class Sink:
    """Writes results to ``stream`` as they come; ``close`` writes the summary."""

    def __init__(self, info: RunInfo, stream: IO[str]):
        self.stream = stream
        self.summary = Summary(info.fail_on)
        self.count = 0
        header = {"schema_version": SCHEMA_VERSION, "tool": {"name": "healthlint", "version": info.version},
                  "config": info.config_source}
        stream.write(json.dumps(header, ensure_ascii=False)[:-1] + ',\n"files": [\n')

    def add(self, result: FileResult) -> None:
        self.summary.add(result)
        if self.count:
            self.stream.write(",\n")
        # orjson: the output of an archive run is mostly this line, and the standard encoder is slow.
        self.stream.write(orjson.dumps(result.to_dict(), option=orjson.OPT_NON_STR_KEYS).decode("utf-8"))
        self.count += 1

    def close(self) -> None:
        self.stream.write("\n],\n\"summary\": " + json.dumps(self.summary.as_dict(), ensure_ascii=False) + "}\n")


def render(results: list[FileResult], info: RunInfo) -> str:
    buffer = io.StringIO()
    sink = Sink(info, buffer)
    for result in results:
        sink.add(result)
    sink.close()
    return buffer.getvalue()


def to_document(results: list[FileResult], info: RunInfo) -> dict:
    return json.loads(render(results, info))


def load(text: str) -> list[FileResult]:
    document = json.loads(text)
    version = str(document.get("schema_version", ""))
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise ValueError(f"results schema {version!r} is not readable by this healthlint ({SCHEMA_VERSION})")
    return [FileResult.from_dict(f) for f in document.get("files", [])]
