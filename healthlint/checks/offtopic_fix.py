"""The fix of ``off-topic/bridge``: delete the inserted block's source lines, with one blank line
beside them, or, where the insertion is one sentence grafted into an on-topic paragraph
(``data["fix"]["delete_text"]``), that sentence alone. ``off-topic/bridge`` references it
(``fix=DELETE_BRIDGE``).

Deleting text is unsafe unless the detector is sure: the fix is safe (``--fix``) only from a
confidence of ``SAFE_CONFIDENCE``, and below it needs ``--unsafe-fixes``. In HTML only lines that
hold whole block elements are deleted, so the page's markup stays balanced.
"""
from __future__ import annotations

import re

from ..core.findings import UNSAFE, Edit, Finding, Fix, FixSource, LinesEdit, NotFixable, SpanEdit

# A bridge is deleted by --fix alone only when the detector is this sure; at the policy's flagging
# threshold (bridge-confidence) an editor should look first.
SAFE_CONFIDENCE = 0.9
HTML_BLOCK_TAGS = ("p", "div", "li", "ul", "ol", "blockquote", "section", "aside", "figure", "table")


def holds_whole_html_blocks(lines: tuple[str, ...]) -> bool:
    joined = "\n".join(lines).strip()
    if not (joined.startswith("<") and joined.endswith(">")):
        return False
    for tag in HTML_BLOCK_TAGS:
        if len(re.findall(rf"<{tag}\b", joined, re.I)) != len(re.findall(rf"</{tag}\s*>", joined, re.I)):
            return False
    return bool(re.match(r"<(?:%s)\b" % "|".join(HTML_BLOCK_TAGS), joined, re.I))


def delete_sentence(sentence: str, first: int, last: int, source: FixSource) -> list[Edit]:
    """Delete ``sentence`` where it stands once, whole, on one of the lines [first, last] (1-based),
    with the space that joined it to the next sentence (or to the one before, at a line's end)."""
    places = [index for index in range(max(0, first - 1), min(last, len(source.lines)))
              for _ in range(source.lines[index].count(sentence))]
    if len(places) != 1:
        raise NotFixable("the sentence does not stand once on one source line (a wrapped paragraph, or "
                         "markup inside it): delete it by hand")
    index = places[0]
    line = source.lines[index]
    start = line.find(sentence)
    end = start + len(sentence)
    if end < len(line) and line[end] == " ":
        end += 1
    elif start > 0 and line[start - 1] == " ":
        start -= 1
    return [SpanEdit(index, start, end, "")]


def delete_bridge(finding: Finding, source: FixSource) -> list[Edit]:
    first, last = finding.start_line, finding.end_line
    fix = finding.data.get("fix") if isinstance(finding.data, dict) else None
    if isinstance(fix, dict) and isinstance(fix.get("delete_text"), str) and fix["delete_text"].strip():
        return delete_sentence(fix["delete_text"], first, last, source)
    if isinstance(fix, dict) and isinstance(fix.get("delete_lines"), (list, tuple)) and len(fix["delete_lines"]) == 2:
        first, last = int(fix["delete_lines"][0]), int(fix["delete_lines"][1])
    start, end = first - 1, last  # 0-based, end exclusive
    lines = source.lines
    if start < 0 or end > len(lines) or start >= end:
        raise NotFixable("its lines are not in the file")
    body = lines[start:end]
    if not body[0].strip() or not body[-1].strip():
        raise NotFixable("the lines do not hold whole blocks")
    if source.kind == "html" and not holds_whole_html_blocks(body):
        raise NotFixable("the lines do not hold whole blocks")
    if end < len(lines) and not lines[end].strip():
        end += 1
    elif start > 0 and not lines[start - 1].strip():
        start -= 1
    return [LinesEdit(start, end)]


DELETE_BRIDGE = Fix(delete_bridge, applicability=UNSAFE, safe_from=SAFE_CONFIDENCE)
