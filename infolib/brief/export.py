"""The brief's notebook exported: HTML with nbconvert and the packaged template (no code, no
script, nothing from the network, A4), and PDF printed from that HTML by the system Chromium.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from infolib.errors import ExportError
from infolib.files import write_file

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "infolib_brief"
CHROMIUM = "/usr/bin/chromium"
PDF_TIMEOUT_S = 90


@lru_cache(maxsize=1)
def _exporter():
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config({"CSSHTMLHeaderPreprocessor": {"enabled": False}})
    return HTMLExporter(config=config, template_name=TEMPLATE_NAME,
                        extra_template_basedirs=[str(TEMPLATES)], exclude_input=True,
                        exclude_input_prompt=True, exclude_output_prompt=True,
                        exclude_anchor_links=True)


def export_html(nb) -> str:
    """The notebook as the brief's self-contained HTML (packaged template, code hidden)."""
    body, _resources = _exporter().from_notebook_node(nb)
    return body


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file beside it, then a rename."""

    write_file(path, data)


def chromium_path() -> str:
    """The system Chromium (``$INFOLIB_CHROMIUM`` overrides); ExportError if there is none."""
    candidates = [os.environ.get("INFOLIB_CHROMIUM"), CHROMIUM, shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise ExportError(f"Printing the brief as PDF needs Chromium, and it is not installed "
                      f"({CHROMIUM} is missing). `make test` installs it: apt-get install "
                      "chromium. Or make the HTML brief (to='html') and print it from a browser.")


def print_pdf(html_path: str | Path, pdf_path: str | Path, *, timeout: float = PDF_TIMEOUT_S) -> Path:
    """Print an HTML file to PDF with the system Chromium, headless (A4 from the page's CSS).

    Never downloads a browser. Writes ``pdf_path`` atomically."""
    html_path = Path(html_path).resolve()
    pdf_path = Path(pdf_path)
    browser = chromium_path()
    with tempfile.TemporaryDirectory(prefix="infolib-chromium-") as profile:
        out = Path(profile) / "brief.pdf"
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu",
                   "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                   f"--user-data-dir={Path(profile) / 'user-data'}", "--no-pdf-header-footer",
                   "--virtual-time-budget=3000", f"--print-to-pdf={out}", html_path.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout,
                                  stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired:
            raise ExportError(f"Chromium did not finish printing the brief within {timeout:g} s; "
                              "try again, or print the HTML brief from a browser.") from None
        except OSError as exc:
            raise ExportError(f"Chromium ({browser}) could not be started: {exc}. Reinstall it: "
                              "apt-get install chromium.") from None
        if not out.is_file() or out.stat().st_size == 0 or not out.read_bytes().startswith(b"%PDF"):
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise ExportError(f"Chromium printed no PDF (exit code {done.returncode}): "
                              f"{' / '.join(detail) or 'no message'}. Check that {browser} runs "
                              "(`chromium --headless --version`), or print the HTML brief from a "
                              "browser.")
        _write(pdf_path, out.read_bytes())
    return pdf_path


#: A page whose lowest line of text is this high up the page is nearly empty.
NEARLY_EMPTY = 0.3


def read_pages(pdf: str | Path | bytes) -> list[tuple[float, str]]:
    """For each page of a PDF, how far down the page its text reaches (0: no text, 1: to the
    bottom edge; a page at 0.3 or less is nearly empty) and its text."""
    import io

    from pypdf import PdfReader

    data = pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        height = float(page.mediabox.height) or 1.0
        lowest = [height]

        def visit(text, cm, tm, _font, _size, lowest=lowest):
            if text.strip():
                lowest[0] = min(lowest[0], tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

        text = page.extract_text(visitor_text=visit)
        pages.append((max(0.0, min(1.0, 1 - lowest[0] / height)), text))
    return pages


def page_fill(pdf: str | Path | bytes) -> list[float]:
    """For each page of a PDF, how far down the page its text reaches (see ``read_pages``)."""
    return [fill for fill, _text in read_pages(pdf)]


def fits(fills: list[float], max_pages: int) -> bool:
    """Whether a printed brief fits: at most ``max_pages`` pages, none of them nearly empty
    (a one-page brief may be short)."""
    return len(fills) <= max_pages and (len(fills) == 1 or min(fills) > NEARLY_EMPTY)
