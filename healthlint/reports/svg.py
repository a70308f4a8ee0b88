"""A small inline SVG bar chart for the HTML report: reading grade per section against a target.

No scripts, no fonts, no style attributes (the report's Content-Security-Policy forbids inline
styles): only presentation attributes and classes that ``report.css`` styles.
"""
from __future__ import annotations

from markupsafe import Markup, escape

LABEL_WIDTH = 230
BAR_WIDTH = 380
VALUE_WIDTH = 50
ROW_HEIGHT = 22
TOP = 24
BOTTOM = 22


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def grade_chart(rows: list[tuple[str, float | None]], target: float, title: str = "Reading grade by section") -> Markup:
    """``rows`` are (label, grade or None). Bars over ``target`` get the class ``over``."""
    values = [v for _, v in rows if isinstance(v, (int, float))]
    scale_max = max([target + 4, 16.0] + [v + 1 for v in values])
    scale_max = float(int(scale_max + 1.999) // 2 * 2)  # round up to an even grade

    def x_of(value: float) -> float:
        return LABEL_WIDTH + max(0.0, min(value, scale_max)) / scale_max * BAR_WIDTH

    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = TOP + ROW_HEIGHT * max(1, len(rows)) + BOTTOM
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" aria-labelledby="chart-title">',
        f'<title id="chart-title">{escape(title)} (target grade {escape(_num(target))})</title>',
    ]
    # grid: every 2 grades
    grade = 0.0
    while grade <= scale_max:
        x = x_of(grade)
        parts.append(f'<line class="grid" x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{height - BOTTOM}"/>')
        parts.append(f'<text class="axis" x="{x:.1f}" y="{height - 6}" text-anchor="middle">{_num(grade)}</text>')
        grade += 2
    for i, (label, value) in enumerate(rows):
        y = TOP + i * ROW_HEIGHT
        parts.append(f'<text class="label" x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">'
                     f'<title>{escape(label)}</title>{escape(_short(label))}</text>')
        if isinstance(value, (int, float)):
            bar = x_of(value) - LABEL_WIDTH
            cls = "bar over" if value > target else "bar ok"
            parts.append(f'<rect class="{cls}" x="{LABEL_WIDTH}" y="{y + 4}" width="{bar:.1f}" height="{ROW_HEIGHT - 8}">'
                         f'<title>{escape(label)}: grade {escape(_num(round(value, 1)))}</title></rect>')
            parts.append(f'<text class="value" x="{x_of(value) + 4:.1f}" y="{y + 15}">{escape(_num(round(value, 1)))}</text>')
        else:
            parts.append(f'<text class="value na" x="{LABEL_WIDTH + 4}" y="{y + 15}">n/a</text>')
    tx = x_of(target)
    parts.append(f'<line class="target" x1="{tx:.1f}" y1="{TOP - 8}" x2="{tx:.1f}" y2="{height - BOTTOM}"/>')
    parts.append(f'<text class="target-label" x="{tx:.1f}" y="{TOP - 10}" text-anchor="middle">target {escape(_num(target))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
