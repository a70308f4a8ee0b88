"""GitHub Actions workflow commands: each finding becomes an annotation on its lines."""
from __future__ import annotations

from ..core.results import FileResult
from .base import RunInfo

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(results: list[FileResult], info: RunInfo) -> str:
    lines = []
    for result in results:
        for f in result.all_findings:
            props = [f"file={_escape_property(f.path)}", f"line={f.start_line}", f"endLine={f.end_line}"]
            if f.start_column and f.start_line == f.end_line:
                props.append(f"col={f.start_column}")
                if f.end_column:
                    props.append(f"endColumn={f.end_column}")
            props.append(f"title={_escape_property(f.rule)}")
            message = f.message + (f" Suggestion: {f.suggestion}" if f.suggestion else "")
            lines.append(f"::{LEVEL[f.severity]} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
