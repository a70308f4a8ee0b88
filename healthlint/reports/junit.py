"""JUnit XML for CI test tabs: one test case per article and check.

``classname`` is the file path, ``name`` is ``"article title :: check"``. A case fails when the
check has findings at or above the run's ``fail_on`` level (the same rule as the exit code); the
failure carries every finding with its lines. Findings below that level go to ``system-out``.
Unreadable files are test cases with an ``error``; file-level findings (parse problems) are a case
named ``"(file) :: check"``.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from ..core.findings import SEVERITY_RANK, Finding, at_or_above, sort_key
from ..core.results import FileResult
from .base import RunInfo

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(text: str | None) -> str:
    return _INVALID_XML.sub("\ufffd", text or "")


def _check_of(rule_id: str) -> str:
    return rule_id.split("/", 1)[0]


def _line_text(f: Finding) -> str:
    lines = f"line {f.start_line}" if f.start_line == f.end_line else f"lines {f.start_line}-{f.end_line}"
    text = f"{f.path}:{f.start_line}: {f.severity} [{f.rule}] {f.message} ({lines})"
    if f.suggestion:
        text += f"\n    suggestion: {f.suggestion}"
    if f.excerpt:
        text += f"\n    excerpt: {' '.join(f.excerpt.split())[:300]}"
    return text


def _case(suite: ET.Element, classname: str, name: str, findings: list[Finding], fail_on: str) -> tuple[int, int]:
    case = ET.SubElement(suite, "testcase", {"classname": _clean(classname), "name": _clean(name), "time": "0"})
    findings = sorted(findings, key=sort_key)
    failing = [f for f in findings if at_or_above(f.severity, fail_on)]
    passing = [f for f in findings if not at_or_above(f.severity, fail_on)]
    if failing:
        worst = max((f.severity for f in failing), key=lambda s: SEVERITY_RANK.get(s, 0))
        first = failing[0]
        message = f"{len(failing)} finding{'s' if len(failing) != 1 else ''}: {first.message}"
        failure = ET.SubElement(case, "failure", {"message": _clean(message), "type": worst})
        failure.text = _clean("\n".join(_line_text(f) for f in failing))
    if passing:
        out = ET.SubElement(case, "system-out")
        out.text = _clean("\n".join(_line_text(f) for f in passing))
    return 1, 1 if failing else 0


def _known_checks(info: RunInfo) -> list[str]:
    return sorted({rule.check for rule in info.rules.values()})


def to_element(results: list[FileResult], info: RunInfo) -> ET.Element:
    checks = sorted(set(_known_checks(info)) | {_check_of(f.rule) for r in results for a in r.articles for f in a.findings})
    root = ET.Element("testsuites", {"name": "healthlint"})
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for result in sorted(results, key=lambda r: r.path):
        suite = ET.SubElement(root, "testsuite", {"name": _clean(result.path)})
        tests = failures = errors = 0
        if result.error:
            case = ET.SubElement(suite, "testcase", {"classname": _clean(result.path), "name": "(file) :: read", "time": "0"})
            error = ET.SubElement(case, "error", {"message": _clean(result.error), "type": "unreadable"})
            error.text = _clean(f"{result.path}: {result.error}")
            tests += 1
            errors += 1
        if result.findings:
            by_check: dict[str, list[Finding]] = defaultdict(list)
            for f in result.findings:
                by_check[_check_of(f.rule)].append(f)
            for check in sorted(by_check):
                t, fl = _case(suite, result.path, f"(file) :: {check}", by_check[check], info.fail_on)
                tests, failures = tests + t, failures + fl
        seen_names: dict[str, int] = defaultdict(int)
        for article in result.articles:
            by_check = defaultdict(list)
            for f in article.findings:
                by_check[_check_of(f.rule)].append(f)
            title = " ".join((article.title or "(untitled)").split())
            seen_names[title] += 1
            if seen_names[title] > 1:  # two articles with one title in a file: keep names unique
                title = f"{title} (line {article.start_line})"
            for check in checks or ["healthlint"]:
                t, fl = _case(suite, result.path, f"{title} :: {check}", by_check.get(check, []), info.fail_on)
                tests, failures = tests + t, failures + fl
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
        suite.set("skipped", "0")
        suite.set("time", "0")
        totals["tests"] += tests
        totals["failures"] += failures
        totals["errors"] += errors
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", "0")
    return root


def render(results: list[FileResult], info: RunInfo) -> str:
    root = to_element(results, info)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
