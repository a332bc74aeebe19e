"""One look for every chart: readable fonts, Indonesian separators, colour-blind safe colours.

Fonts are at least 14 px so a chart reads on a laptop and on a projector. Colours
come from the Okabe-Ito palette (distinct under the common colour-vision
deficiencies); the three zones keep the colours of :data:`geo.maps.ZONE_COLOURS`
everywhere, and no other series uses them.
"""

from __future__ import annotations

import plotly.graph_objects as go

from geo.maps import ZONE_COLOURS
from ui import fmt

FONT_SIZE = 16
TICK_SIZE = 14
TITLE_SIZE = 19
FONT_FAMILY = "Source Sans Pro, Source Sans 3, Arial, sans-serif"

# Series that are not zones (Okabe-Ito, minus the three zone colours).
SERIES_COLOURS = {
    "computed": "#000000",
    "published": "#CC79A7",  # reddish purple
    "province": "#D55E00",  # vermillion
    "national": "#56B4E9",  # sky blue
    "target": "#555555",
}
MUTED_OPACITY = 0.35


def zone_colour(zone: str) -> str:
    """The app-wide colour of a zone (grey for an unknown one)."""
    return ZONE_COLOURS.get(zone, "#888888")


def apply_style(fig: go.Figure, lang: str, *, height: int = 440, title: str | None = None) -> None:
    """Fonts, separators, margins and a legend below the plot, in place."""
    fig.update_layout(
        template="plotly_white",
        height=height,
        font={"family": FONT_FAMILY, "size": FONT_SIZE, "color": "#222222"},
        title=None
        if title is None
        else {"text": title, "font": {"size": TITLE_SIZE}, "x": 0, "xanchor": "left"},
        margin={"l": 70, "r": 30, "t": 60 if title else 20, "b": 40},
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -0.14,
            "x": 0,
            "font": {"size": TICK_SIZE},
        },
        hoverlabel={"font": {"size": TICK_SIZE}},
        **fmt.d3_format(lang),
    )
    fig.update_xaxes(tickfont={"size": TICK_SIZE}, title_font={"size": FONT_SIZE})
    fig.update_yaxes(tickfont={"size": TICK_SIZE}, title_font={"size": FONT_SIZE})
