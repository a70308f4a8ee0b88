"""The checks: one module each, registered here.

A check reads an analysed article (the document model plus the shared spaCy pass) and reports
findings and figures through its context. It never reads files and never prints.
"""
from __future__ import annotations

import importlib
from functools import lru_cache

from .findings import Rule
from .builtin import ENGINE_RULES

CHECKS_PACKAGE = "healthlint.checks"  # the folder of the check modules

# Module names under healthlint.checks, in the order their findings are listed.
CHECK_MODULES = (
    "offtopic",
    "readability",
    "spelling",
    "hygiene",
    "tables",
    "disclaimers",
    "claims",
)


class Check:
    """Base class. Subclasses set ``name`` and ``rules`` and implement ``run``.

    ``needs`` names what the check wants of the NLP pass: ``"sentences"`` (tokens and sentence
    bounds, always there) or ``"tags"`` (part-of-speech tags and lemmas, which need the trained
    pipeline and are loaded only when an enabled check asks for them); and the derived data the
    engine must prepare before any check runs (``"vocabulary"``, ``"syllables"``: see
    ``healthlint.run.engine.prepare``), so that a check never builds a dictionary itself.
    """

    name: str = ""
    rules: tuple[Rule, ...] = ()
    needs: frozenset[str] = frozenset({"sentences"})

    def run(self, article, ctx) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


@lru_cache(maxsize=None)
def all_checks() -> tuple[Check, ...]:
    checks = []
    for module_name in CHECK_MODULES:
        try:
            module = importlib.import_module(f"{CHECKS_PACKAGE}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{CHECKS_PACKAGE}.{module_name}":
                continue  # a check not yet written is simply absent
            raise
        checks.append(module.CHECK)
    return tuple(checks)


@lru_cache(maxsize=None)
def all_rules() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for check in all_checks():
        for rule in check.rules:
            rules[rule.id] = rule
    for rule in ENGINE_RULES:
        rules[rule.id] = rule
    return rules


def check_names() -> list[str]:
    return [c.name for c in all_checks()]
