"""The one-page brief for the regent's office: self-contained, print-ready HTML.

Inline CSS, hand-built inline SVG charts, no script, no external asset (no font,
no image, no CDN): it opens offline and prints on one A4 page. Pure functions of
frames (no streamlit), so tests read the output directly.
"""

from __future__ import annotations

import html
from datetime import datetime

import pandas as pd

from store.schema import ZONES
from ui import fmt, headline
from ui.chart_style import SERIES_COLOURS, zone_colour
from ui.i18n import text

_CSS = """
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 10.5pt; color: #222;
       margin: 0 auto; max-width: 190mm; position: relative; }
h1 { font-size: 17pt; margin: 0 0 2mm 0; }
h2 { font-size: 12pt; margin: 4mm 0 1mm 0; }
.meta { color: #444; margin: 0 0 3mm 0; }
.demo { border: 2px solid #B00020; color: #B00020; font-weight: bold; text-align: center;
        padding: 2mm; margin: 0 0 3mm 0; letter-spacing: 0.5px; }
.watermark { position: fixed; top: 40%; left: 0; width: 100%; text-align: center;
             font-size: 64pt; color: rgba(176, 0, 32, 0.08); transform: rotate(-25deg);
             z-index: -1; font-weight: bold; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ccc; padding: 1.4mm 2mm; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #f0f0f0; }
.charts { display: flex; gap: 4mm; }
.charts figure { margin: 0; flex: 1; }
figcaption { font-weight: bold; margin-bottom: 1mm; }
.notes { font-size: 9pt; color: #444; }
.notes p { margin: 1mm 0; }
svg text { font-family: Arial, Helvetica, sans-serif; }
@media print { .demo { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""

_LABEL_KEYS = {
    "p0": "p0",
    "poor": "poor_people",
    "p1": "p1",
    "p2": "p2",
    "gini": "gini",
    "d1_share": "d1_share",
}


def _e(s: object) -> str:
    return html.escape(str(s), quote=True)


def _table(rows: pd.DataFrame, lang: str, year: int) -> str:
    head = "".join(
        f"<th>{_e(text(k, lang))}</th>"
        for k in ("brief_indicator", "brief_value", "brief_change", "brief_target", "brief_gap")
    )
    body = []
    for r in rows.itertuples(index=False):
        target = headline.format_value(r.indicator, r.target, lang)
        if r.target_placeholder:
            target += f" ({text('placeholder_mark', lang)})"
        cells = [
            text(_LABEL_KEYS[r.indicator], lang),
            headline.format_value(r.indicator, r.value, lang),
            headline.format_change(r.indicator, r.change, lang),
            target if r.target is not None and not pd.isna(r.target) else fmt.DASH,
            headline.format_change(r.indicator, r.gap, lang),
        ]
        body.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def zone_bars_svg(zones: pd.DataFrame, lang: str, regency_p0: float | None = None) -> str:
    """P0 of the three zones as bars with 95 % CI whiskers (inline SVG, percent)."""
    w, h, left, bottom, top = 330, 210, 44, 46, 14
    order = [z for z in ZONES if z in set(zones["group"])]
    df = zones.set_index("group").loc[order]
    ymax = max(float(df["p0_ci_high"].max()), regency_p0 or 0) * 100 * 1.15 or 1.0
    plot_h = h - bottom - top
    step = (w - left - 10) / max(len(order), 1)

    def ys(v: float) -> float:
        return top + plot_h * (1 - v / ymax)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%">']
    for tick in _ticks(ymax):
        parts.append(
            f'<line x1="{left}" x2="{w - 10}" y1="{ys(tick):.1f}" y2="{ys(tick):.1f}" '
            'stroke="#ddd"/>'
            f'<text x="{left - 4}" y="{ys(tick) + 4:.1f}" font-size="11" text-anchor="end">'
            f"{_e(fmt.num(tick, 0, lang))} %</text>"
        )
    for i, z in enumerate(order):
        r = df.loc[z]
        x0 = left + i * step + step * 0.2
        bw = step * 0.6
        v, lo, hi = 100 * float(r.p0), 100 * float(r.p0_ci_low), 100 * float(r.p0_ci_high)
        cx = x0 + bw / 2
        parts.append(
            f'<rect x="{x0:.1f}" y="{ys(v):.1f}" width="{bw:.1f}" height="{ys(0) - ys(v):.1f}" '
            f'fill="{zone_colour(z)}" stroke="#222" stroke-width="0.8"/>'
            f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{ys(hi):.1f}" y2="{ys(lo):.1f}" '
            'stroke="#222" stroke-width="1.5"/>'
            f'<line x1="{cx - 6:.1f}" x2="{cx + 6:.1f}" y1="{ys(hi):.1f}" y2="{ys(hi):.1f}" '
            'stroke="#222" stroke-width="1.5"/>'
            f'<line x1="{cx - 6:.1f}" x2="{cx + 6:.1f}" y1="{ys(lo):.1f}" y2="{ys(lo):.1f}" '
            'stroke="#222" stroke-width="1.5"/>'
            f'<text x="{cx:.1f}" y="{h - bottom + 16}" font-size="12" text-anchor="middle">'
            f"{_e(text(f'zone_{z}', lang))}</text>"
            f'<text x="{cx:.1f}" y="{h - bottom + 32}" font-size="12" font-weight="bold" '
            f'text-anchor="middle">{_e(fmt.pct(r.p0, 1, lang))}</text>'
        )
    if regency_p0 is not None:
        y = ys(100 * regency_p0)
        parts.append(
            f'<line x1="{left}" x2="{w - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#555" '
            'stroke-dasharray="5,4" stroke-width="1.5"/>'
            f'<text x="{w - 12}" y="{y - 4:.1f}" font-size="11" text-anchor="end">'
            f"{_e(text('zones_regency', lang, value=fmt.pct(regency_p0, 1, lang)))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _ticks(ymax: float) -> list[float]:
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50) if ymax / s <= 6)
    return [k * step for k in range(int(ymax // step) + 1)]


def trend_svg(
    computed: pd.DataFrame,
    official: pd.DataFrame,
    target: pd.DataFrame,
    lang: str,
    area_label: str,
    area_colour: str = SERIES_COLOURS["computed"],
) -> str:
    """P0 by year (percent): computed with CI, BPS Mimika / Papua Tengah / Indonesia, target."""
    w, h, left, right, top, bottom = 360, 210, 40, 18, 10, 24
    series: list[tuple[str, str, str, pd.DataFrame]] = []  # (name, colour, dash, year/value)
    p0 = official[official["indicator"] == "p0"] if len(official) else official
    for code, key, colour in (
        ("94.04", "trend_published", SERIES_COLOURS["published"]),
        ("94", "trend_province", SERIES_COLOURS["province"]),
        ("ID", "trend_national", SERIES_COLOURS["national"]),
    ):
        rows = p0[p0["area_code"] == code] if len(p0) else p0
        if rows is not None and len(rows):
            df = pd.DataFrame({"year": rows["year"].astype(int), "v": rows["value"].astype(float)})
            series.append((text(key, lang), colour, "", df.sort_values("year")))
    if len(target):
        df = pd.DataFrame({"year": target["year"], "v": 100 * target["target"].astype(float)})
        key = "trend_target_placeholder" if target["is_placeholder"].any() else "trend_target"
        series.append((text(key, lang, area=area_label), SERIES_COLOURS["target"], "5,4", df))
    comp = pd.DataFrame(
        {
            "year": computed["year"].astype(int) if len(computed) else [],
            "v": 100 * computed["p0"].astype(float) if len(computed) else [],
        }
    )
    years = [y for _, _, _, d in series for y in d["year"]] + list(comp["year"])
    values = [v for _, _, _, d in series for v in d["v"]]
    if len(computed):
        values += list(100 * computed["p0_ci_high"].astype(float))
    if not years:
        return ""
    x0, x1 = min(years), max(years)
    ymax = max(values) * 1.1 if values else 1.0
    pw, ph = w - left - right, h - top - bottom

    def xs(y: float) -> float:
        return left + pw * ((y - x0) / (x1 - x0) if x1 > x0 else 0.5)

    def ys(v: float) -> float:
        return top + ph * (1 - v / ymax)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%">']
    for tick in _ticks(ymax):
        parts.append(
            f'<line x1="{left}" x2="{w - right}" y1="{ys(tick):.1f}" y2="{ys(tick):.1f}" '
            f'stroke="#ddd"/><text x="{left - 4}" y="{ys(tick) + 4:.1f}" font-size="11" '
            f'text-anchor="end">{_e(fmt.num(tick, 0, lang))} %</text>'
        )
    for y in range(x0, x1 + 1, 1 if x1 - x0 <= 8 else 3):
        parts.append(
            f'<text x="{xs(y):.1f}" y="{h - 6}" font-size="11" text-anchor="middle">{y}</text>'
        )
    for _, colour, dash, d in series:
        pts = " ".join(f"{xs(a):.1f},{ys(b):.1f}" for a, b in zip(d["year"], d["v"], strict=True))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>'
        )
        parts += [
            f'<circle cx="{xs(a):.1f}" cy="{ys(b):.1f}" r="2.8" fill="{colour}"/>'
            for a, b in zip(d["year"], d["v"], strict=True)
        ]
    if len(computed):
        pts = " ".join(
            f"{xs(a):.1f},{ys(b):.1f}" for a, b in zip(comp["year"], comp["v"], strict=True)
        )
        parts.append(
            f'<polyline points="{pts}" fill="none" stroke="{area_colour}" stroke-width="3"/>'
        )
        for r in computed.itertuples(index=False):
            x = xs(int(r.year))
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{ys(100 * r.p0_ci_high):.1f}" '
                f'y2="{ys(100 * r.p0_ci_low):.1f}" stroke="{area_colour}" stroke-width="1.5"/>'
                f'<circle cx="{x:.1f}" cy="{ys(100 * r.p0):.1f}" r="3.5" fill="{area_colour}"/>'
            )
    parts.append("</svg>")
    legend = [(text("trend_computed", lang, area=area_label), area_colour, "")] + [
        (name, colour, dash) for name, colour, dash, _ in series
    ]
    items = "".join(
        f'<span style="margin-right:3mm;white-space:nowrap">'
        f'<span style="display:inline-block;width:14px;height:0;vertical-align:middle;'
        f'border-top:3px {"dashed" if dash else "solid"} {colour}"></span> {_e(name)}</span> '
        for name, colour, dash in legend
    )
    return "".join(parts) + f'<div style="font-size:8.5pt">{items}</div>'


def brief_html(
    *,
    lang: str,
    area_label: str,
    year: int,
    rows: pd.DataFrame,
    zones: pd.DataFrame | None,
    regency_p0: float | None,
    trend: pd.DataFrame,
    official: pd.DataFrame,
    target: pd.DataFrame,
    is_demo: bool,
    line_rp: float | None,
    line_status: str | None,
    generated: datetime,
    source: str,
    area_colour: str = SERIES_COLOURS["computed"],
) -> str:
    """The brief as one HTML document (UTF-8 text).

    ``rows`` is :func:`ui.headline.headline_table`; ``zones`` is ``fgt_by(by='zone')``;
    ``trend`` the computed P0 by year; ``official`` rows of ``official_series``;
    ``target`` from :func:`ui.headline.target_path`. ``source`` names the data (e.g.
    the store file) in the footer.
    """
    title = text("brief_title", lang, area=area_label, year=year)
    demo = ""
    if is_demo:
        mark = _e(text("brief_demo", lang))
        demo = f'<div class="demo">{mark}</div><div class="watermark">DEMO</div>'
    status = text(f"status_{line_status}", lang) if line_status else fmt.DASH
    meta = text("line_caption", lang, year=year, line=fmt.rp(line_rp, lang), status=status)
    charts = ""
    if zones is not None and len(zones):
        charts += (
            f"<figure><figcaption>{_e(text('zones_title', lang, year=year))}</figcaption>"
            f"{zone_bars_svg(zones, lang, regency_p0)}</figure>"
        )
    trend_part = trend_svg(trend, official, target, lang, area_label, area_colour)
    if trend_part:
        charts += (
            f"<figure><figcaption>{_e(text('trend_title', lang))}</figcaption>{trend_part}</figure>"
        )
    placeholder = ""
    if rows["target_placeholder"].fillna(False).astype(bool).any():
        note = text("placeholder_note", lang).replace("*", "").replace("`", "")
        placeholder = f"<p>{_e(note)}</p>"
    stamp = generated.strftime("%d/%m/%Y %H:%M")
    return f"""<!doctype html>
<html lang="{"en" if lang == "en" else "id"}"><head><meta charset="utf-8">
<title>{_e(title)}</title><style>{_CSS}</style></head>
<body>{demo}
<h1>{_e(title)}</h1>
<p class="meta">{_e(meta)}</p>
{_table(rows, lang, year)}
<div class="charts">{charts}</div>
<div class="notes">
<p>{_e(text("brief_notes", lang))}</p>
<p>{_e(text("d1_share", lang))}: {_e(text("d1_share_help", lang))}</p>
{placeholder}
<p>{_e(text("brief_generated", lang, date=stamp))} {_e(source)}. {_e(text("boundaries_credit", lang))}</p>
</div>
</body></html>
"""
