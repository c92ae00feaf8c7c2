"""Charts as plain inline SVG, generated here: no chart library, no CDN, nothing for a closed network to block.
Every label is escaped; every chart has a title and a text equivalent (``<title>`` per bar) for screen readers."""

from __future__ import annotations

import html
from dataclasses import dataclass

from transforms.console import fmt

COLOURS = {"ok": "#2f7d32", "warn": "#b26a00", "bad": "#c62828", "muted": "#9e9e9e", "a": "#1f5f99", "b": "#7aa6d1"}


def _nice_step(raw: float) -> int:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least ``raw`` (and at least 1)."""
    if raw <= 1:
        return 1
    power = 10 ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return 10 * power


@dataclass(frozen=True)
class Bar:
    label: str  # under the bar
    parts: tuple[tuple[str, int], ...]  # stacked (series name, value), bottom first
    tone: str = "ok"  # outline: a failed night is outlined red
    note: str = ""  # shown above the bar ("failed")


def stacked_bars(title: str, bars: list[Bar], series: dict[str, str], *, width: int = 900, height: int = 220) -> str:
    """A stacked bar chart; ``series``: name -> colour key (``COLOURS``) in legend order."""
    esc = html.escape
    if not bars:
        return f"<p class='muted'>{esc(title)}: nothing to show yet.</p>"
    highest = max(sum(v for _, v in b.parts) for b in bars)
    tick = _nice_step(highest / 4)
    top = tick * 4  # four gridlines at whole, round values (0, 250, 500, ...), never 0, 0, 1, 1
    left, bottom, plot_h = 56, 36, height - 70
    step = (width - left - 10) / len(bars)
    bar_w = max(4.0, min(40.0, step * 0.7))
    out = [
        f"<svg class='chart' role='img' viewBox='0 0 {width} {height}' width='100%' "
        f"preserveAspectRatio='xMinYMin meet' aria-label='{esc(title)}'>",
        f"<title>{esc(title)}</title>",
    ]
    for i in range(5):  # gridlines with values
        value = tick * i
        y = height - bottom - plot_h * i / 4
        out.append(f"<line x1='{left}' x2='{width - 5}' y1='{y:.1f}' y2='{y:.1f}' stroke='#e0e0e0'/>")
        out.append(
            f"<text x='{left - 6}' y='{y + 4:.1f}' text-anchor='end' class='axis'>{fmt.number(round(value))}</text>"
        )
    every = max(1, round(len(bars) / 10))
    for i, bar in enumerate(bars):
        x = left + i * step + (step - bar_w) / 2
        y = height - bottom
        total = sum(v for _, v in bar.parts)
        tip = (
            f"{bar.label}: "
            + ", ".join(f"{fmt.number(v)} {n}" for n, v in bar.parts)
            + (f" ({bar.note})" if bar.note else "")
        )
        out.append(f"<g><title>{esc(tip)}</title>")
        for name, value in bar.parts:
            h = plot_h * value / top
            if h <= 0:
                continue
            y -= h
            colour = COLOURS.get(series.get(name, "a"), "#1f5f99")
            out.append(f"<rect x='{x:.1f}' y='{y:.1f}' width='{bar_w:.1f}' height='{h:.1f}' fill='{colour}'/>")
        if bar.tone in ("bad", "warn"):
            colour = COLOURS[bar.tone]
            full = plot_h * total / top
            out.append(
                f"<rect x='{x - 1:.1f}' y='{height - bottom - max(full, 4) - 1:.1f}' width='{bar_w + 2:.1f}' "
                f"height='{max(full, 4) + 2:.1f}' fill='{'none' if full else colour}' stroke='{colour}' stroke-width='2'/>"
            )
        if bar.note:
            out.append(
                f"<text x='{x + bar_w / 2:.1f}' y='{height - bottom - plot_h * total / top - 8:.1f}' "
                f"text-anchor='middle' class='note' fill='{COLOURS.get(bar.tone, '#333')}'>{esc(bar.note)}</text>"
            )
        out.append("</g>")
        if (len(bars) - 1 - i) % every == 0:  # the newest always labelled
            out.append(
                f"<text x='{x + bar_w / 2:.1f}' y='{height - bottom + 16}' text-anchor='middle' class='axis'>"
                f"{esc(bar.label)}</text>"
            )
    out += _legend(series, x=left, y=6, gap=24, char_w=8)
    out.append("</svg>")
    return "".join(out)


def _legend(series: dict[str, str], *, x: int, y: int, gap: int, char_w: int) -> list[str]:
    """A swatch and the name of each series (name -> colour key), left to right from ``x``; ``y``: the
    swatches' top; each entry takes ``gap`` plus ``char_w`` per character of its name."""
    out = []
    for name, key in series.items():
        out.append(f"<rect x='{x}' y='{y}' width='12' height='12' fill='{COLOURS.get(key, key)}'/>")
        out.append(f"<text x='{x + 16}' y='{y + 10}' class='axis'>{html.escape(name)}</text>")
        x += gap + char_w * len(name)
    return out


def horizontal_bars(
    title: str, rows: list[tuple[str, float, str]], *, unit: str = "", limit: float | None = None, width: int = 900
) -> str:
    """One bar per row (label, value, tone); ``limit`` draws a dashed line (a policy threshold)."""
    esc = html.escape
    if not rows:
        return f"<p class='muted'>{esc(title)}: nothing to show yet.</p>"
    label_w, row_h = 340, 22
    height = 30 + row_h * len(rows)
    top = max([v for _, v, _ in rows] + ([limit] if limit else []) + [1e-9])
    plot_w = width - label_w - 80
    out = [
        f"<svg class='chart' role='img' viewBox='0 0 {width} {height}' width='100%' "
        f"preserveAspectRatio='xMinYMin meet' aria-label='{esc(title)}'><title>{esc(title)}</title>"
    ]
    for i, (label, value, tone) in enumerate(rows):
        y = 10 + i * row_h
        w = plot_w * value / top
        shown = f"{value:.3f}" if unit == "risk" else (fmt.percent(value) if unit == "%" else fmt.number(value))
        out.append(f"<g><title>{esc(label)}: {esc(shown)}</title>")
        out.append(f"<text x='{label_w - 8}' y='{y + 14}' text-anchor='end' class='axis'>{esc(label)}</text>")
        out.append(
            f"<rect x='{label_w}' y='{y + 3}' width='{w:.1f}' height='{row_h - 8}' fill='{COLOURS.get(tone, tone)}'/>"
        )
        out.append(f"<text x='{label_w + w + 6:.1f}' y='{y + 14}' class='axis'>{esc(shown)}</text></g>")
    if limit:
        x = label_w + plot_w * limit / top
        out.append(
            f"<line x1='{x:.1f}' x2='{x:.1f}' y1='4' y2='{height - 16}' stroke='#c62828' stroke-dasharray='4 3'/>"
            f"<text x='{x:.1f}' y='{height - 4}' text-anchor='middle' class='axis'>policy threshold</text>"
        )
    out.append("</svg>")
    return "".join(out)


def stacked_rows(
    title: str, rows: list[tuple[str, tuple[tuple[str, int], ...]]], series: dict[str, str], *, width: int = 900
) -> str:
    """One horizontal stacked bar per row (label, ((series, value), ...)); for many labels, which a vertical
    chart could not print legibly."""
    esc = html.escape
    if not rows:
        return f"<p class='muted'>{esc(title)}: nothing to show yet.</p>"
    label_w, row_h, head = 330, 20, 26
    height = head + row_h * len(rows) + 6
    top = max(1, max(sum(v for _, v in parts) for _, parts in rows))
    plot_w = width - label_w - 70
    out = [
        f"<svg class='chart' role='img' viewBox='0 0 {width} {height}' width='100%' "
        f"preserveAspectRatio='xMinYMin meet' aria-label='{esc(title)}'><title>{esc(title)}</title>"
    ]
    out += _legend(series, x=label_w, y=4, gap=30, char_w=7)
    for i, (label, parts) in enumerate(rows):
        y = head + i * row_h
        total = sum(v for _, v in parts)
        tip = f"{label}: " + ", ".join(f"{fmt.number(v)} {n}" for n, v in parts)
        out.append(f"<g><title>{esc(tip)}</title>")
        out.append(f"<text x='{label_w - 8}' y='{y + 13}' text-anchor='end' class='axis'>{esc(label)}</text>")
        x = float(label_w)
        for name, value in parts:
            w = plot_w * value / top
            if w > 0:
                colour = COLOURS.get(series.get(name, "a"), "#1f5f99")
                out.append(f"<rect x='{x:.1f}' y='{y + 3}' width='{w:.1f}' height='{row_h - 6}' fill='{colour}'/>")
                x += w
        out.append(f"<text x='{x + 5:.1f}' y='{y + 13}' class='axis'>{fmt.number(total)}</text></g>")
    out.append("</svg>")
    return "".join(out)
