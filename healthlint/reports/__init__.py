"""Output formats: one module each. A renderer takes results and writes text; it never analyses."""
from __future__ import annotations

import importlib

# format name -> module under healthlint.reports
FORMATS = {
    "terminal": "terminal",
    "concise": "concise",
    "json": "json_report",
    "sarif": "sarif",
    "github": "github",
    "html": "html",
    "junit": "junit",
    "markdown": "markdown",
}


def renderer(name: str):
    return importlib.import_module(f"{__name__}.{FORMATS[name]}")
