"""JSON output: every file, article, finding and figure. Its schema is ``schema/results.schema.json``
and its version is ``schema_version`` (major bumps break readers)."""
from __future__ import annotations

import json

from ..results import SCHEMA_VERSION, FileResult
from .base import RunInfo, summarise


def to_document(results: list[FileResult], info: RunInfo) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "healthlint", "version": info.version},
        "config": info.config_source,
        "summary": summarise(results, info.fail_on),
        "files": [r.to_dict() for r in results],
    }


def render(results: list[FileResult], info: RunInfo) -> str:
    return json.dumps(to_document(results, info), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def load(text: str) -> list[FileResult]:
    document = json.loads(text)
    version = str(document.get("schema_version", ""))
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise ValueError(f"results schema {version!r} is not readable by this healthlint ({SCHEMA_VERSION})")
    return [FileResult.from_dict(f) for f in document.get("files", [])]
