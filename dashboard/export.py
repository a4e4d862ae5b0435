"""Figure -> PNG / SVG / HTML / CSV, each carrying its title, sources and as-of time.

Images and HTML get a footer annotation ("Frontier Ledger · <title> · Sources: ... · Data as
of ..."). CSV files start with exactly three comment lines (`# Frontier Ledger: <title>`,
`# sources: ...`, `# as of: ...`) before the header row; read them back with
`pandas.read_csv(path, skiprows=3)`. CSV text cells are formula-neutralised (D6).

PNG and SVG are rendered by kaleido 1.x in Chromium: one sync server per process, started on
first use and reused, calls serialised by a lock. Without a Chromium, or when it does not
answer in time, `ExportError` says so instead of hanging.
"""
from __future__ import annotations

import copy
import html
import io
import os
import shutil
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from dashboard.safe import display_frame
from registry.errors import LedgerError

FORMATS = ("png", "svg", "html", "csv")
MIME = {"png": "image/png", "svg": "image/svg+xml", "html": "text/html", "csv": "text/csv"}
START_TIMEOUT_S = float(os.environ.get("LEDGER_EXPORT_START_TIMEOUT", "60"))
RENDER_TIMEOUT_S = float(os.environ.get("LEDGER_EXPORT_TIMEOUT", "45"))
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


class ExportError(LedgerError):
    """An export could not be produced (the message says why and what to do)."""


@dataclass(frozen=True)
class Meta:
    title: str
    sources: str
    as_of: datetime | None

    @property
    def as_of_text(self) -> str:
        return f"{self.as_of:%Y-%m-%d %H:%M} UTC" if self.as_of else "unknown"

    def footer(self) -> str:
        return f"Frontier Ledger · {self.title} · Sources: {self.sources} · Data as of {self.as_of_text}"


def with_footer(fig: go.Figure, meta: Meta) -> go.Figure:
    """A copy of the figure with the provenance footer below the plot."""
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    bottom = (out.layout.margin.b or 60) + 36
    out.update_layout(margin={"b": bottom})
    out.add_annotation(text=meta.footer().replace("<", "&lt;"), xref="paper", yref="paper", x=0, y=0,
                       xanchor="left", yanchor="top", yshift=-(bottom - 26), showarrow=False,
                       font={"size": 11, "color": "#666"}, align="left")
    return out


def chromium_path() -> str | None:
    """The browser kaleido should drive: $BROWSER_PATH, /usr/bin/chromium, or one on PATH."""
    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return next((p for p in map(shutil.which, _CANDIDATES) if p), None)


def images_available() -> bool:
    return chromium_path() is not None


class _Renderer:
    """The process-wide kaleido sync server, guarded against hangs."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.started = False
        self.broken: str | None = None

    def render(self, fig_dict: dict, opts: dict) -> bytes:
        import kaleido

        browser = chromium_path()
        if browser is None:
            raise ExportError("PNG/SVG export needs Chromium: install it (Debian: apt-get install chromium) "
                              "or set BROWSER_PATH; HTML and CSV exports work without it")
        with self.lock:
            if self.broken:
                raise ExportError(self.broken)
            timeout = RENDER_TIMEOUT_S
            if not self.started:
                kaleido.start_sync_server(path=browser, mathjax=False, timeout=RENDER_TIMEOUT_S,
                                          silence_warnings=True)
                self.started = True
                timeout += START_TIMEOUT_S
            box: dict = {}

            def call() -> None:
                try:
                    box["result"] = kaleido.calc_fig_sync(fig_dict, opts=opts)
                except BaseException as exc:  # noqa: BLE001 - reported to the caller below
                    box["error"] = exc

            worker = threading.Thread(target=call, daemon=True, name="ledger-kaleido-call")
            worker.start()
            worker.join(timeout)
            if worker.is_alive():
                self.broken = (f"image export gave no answer within {timeout:.0f}s from Chromium at "
                               f"{browser}; restart the process to retry (HTML and CSV still work)")
                raise ExportError(self.broken)
            if "error" in box:
                raise ExportError(f"image export failed: {box['error']}") from box["error"]
            return box["result"]


    def stop(self) -> None:
        """Close Chromium (before interpreter exit, so its profile directory can be removed)."""
        with self.lock:
            if self.started and not self.broken:
                import kaleido

                kaleido.stop_sync_server(silence_warnings=True)
            self.started = False


_RENDERER = _Renderer()


def shutdown() -> None:
    _RENDERER.stop()


def _image(fig: go.Figure, meta: Meta, fmt: str, width: int, scale: float) -> bytes:
    framed = with_footer(fig, meta)
    height = framed.layout.height or 500
    return _RENDERER.render(framed.to_dict(), {"format": fmt, "width": width, "height": height, "scale": scale})


def to_png(fig: go.Figure, meta: Meta, width: int = 1200, scale: float = 2) -> bytes:
    return _image(fig, meta, "png", width, scale)


def to_svg(fig: go.Figure, meta: Meta, width: int = 1200) -> bytes:
    return _image(fig, meta, "svg", width, 1)


def to_html(fig: go.Figure, meta: Meta) -> str:
    """A self-contained page (plotly.js inlined): opens offline."""
    page = with_footer(fig, meta).to_html(include_plotlyjs=True, full_html=True,
                                          config={"displaylogo": False, "responsive": True})
    return page.replace("<head>", f"<head>\n    <title>{html.escape(meta.title)} · Frontier Ledger</title>", 1)


def to_csv(frame: pd.DataFrame, meta: Meta) -> str:
    """The plotted data, after three `#` comment lines naming title, sources and as-of time."""
    buffer = io.StringIO()
    for line in (f"Frontier Ledger: {meta.title}", f"sources: {meta.sources}", f"as of: {meta.as_of_text}"):
        buffer.write("# " + " ".join(line.split()) + "\n")
    display_frame(frame).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def render(fmt: str, fig: go.Figure, frame: pd.DataFrame, meta: Meta) -> bytes:
    """Bytes of one export format."""
    if fmt == "png":
        return to_png(fig, meta)
    if fmt == "svg":
        return to_svg(fig, meta)
    if fmt == "html":
        return to_html(fig, meta).encode("utf-8")
    if fmt == "csv":
        return to_csv(frame, meta).encode("utf-8")
    raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def write(path: Path, fig: go.Figure, frame: pd.DataFrame, meta: Meta) -> Path:
    """Write one export, its format chosen by the file suffix."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ExportError(f"cannot export to {path.name}: use .png, .svg, .html or .csv")
    payload = render(fmt, fig, frame, meta)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(payload)
    return path
