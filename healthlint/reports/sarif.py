"""SARIF 2.1.0 for code scanning: one SARIF rule per registered rule, regions in lines."""
from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any

from ..core.results import FileResult
from .base import RunInfo

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
INFORMATION_URI = "https://github.com/healthlint/healthlint"


def _uri(path: str) -> str:
    return PurePath(path).as_posix()


def _rule(rule) -> dict:
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.replace("/", "-").split("-")),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": [rule.check]},
    }


def render(results: list[FileResult], info: RunInfo) -> str:
    rule_ids = sorted(info.rules)
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    sarif_results = []
    for result in results:
        for f in result.all_findings:
            region: dict[str, Any] = {"startLine": f.start_line, "endLine": f.end_line}
            if f.start_column:
                region["startColumn"] = f.start_column
                if f.end_column and f.end_column > f.start_column or f.end_line > f.start_line and f.end_column:
                    region["endColumn"] = f.end_column
            if f.excerpt:
                region["snippet"] = {"text": f.excerpt}
            entry: dict[str, Any] = {
                "ruleId": f.rule,
                "level": LEVEL[f.severity],
                "message": {"text": f.message + (f" Suggestion: {f.suggestion}" if f.suggestion else "")},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(f.path)}, "region": region}}],
                "partialFingerprints": {"healthlint/v1": f.fingerprint},
            }
            if f.rule in index:
                entry["ruleIndex"] = index[f.rule]
            properties: dict[str, Any] = {}
            if f.confidence is not None:
                properties["confidence"] = round(f.confidence, 3)
            if f.article:
                properties["article"] = f.article
            if properties:
                entry["properties"] = properties
            sarif_results.append(entry)
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "healthlint",
                "version": info.version,
                "semanticVersion": info.version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(info.rules[r]) for r in rule_ids],
            }},
            "columnKind": "unicodeCodePoints",
            "results": sarif_results,
        }],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
