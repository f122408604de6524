"""What a notebook shows: scraped markup in the research notebook's outputs never runs when
the notebook is exported to HTML and opened in a browser."""

from __future__ import annotations

import pytest

from tests.paths import ROOT


@pytest.mark.slow  # a Jupyter kernel, then Chromium
def test_scraped_markup_never_runs_in_notebook_output(server, fast, tmp_path):
    """The research notebook run on a hostile site, its outputs exported to HTML as
    nbconvert does and opened in Chromium: nothing the site smuggled in runs."""
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    from tests.brief.test_brief import _hostile_site
    from tests.browser import browser_page, need_chromium

    need_chromium()
    _hostile_site(server)
    out = tmp_path / "out.ipynb"
    notebooks = ROOT / "notebooks"
    papermill.execute_notebook(
        str(notebooks / "01-research-company.ipynb"), str(out), cwd=str(notebooks),
        progress_bar=False, kernel_name="python3",
        parameters={"company_url": server.url + "/", "delay": 0.0, "field": "Storage",
                    "workbook": str(tmp_path / "wb")})
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nbformat.read(out, 4))
    page_path = tmp_path / "notebook.html"
    page_path.write_text(body, encoding="utf-8")
    with browser_page() as page:
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            "file:") else route.abort())
        page.goto(page_path.as_uri())
        page.wait_for_load_state("load")
        assert page.evaluate("document.title") != "PWNED"
        assert page.evaluate("document.body.dataset.pwned") is None
        assert dialogs == []
        assert page.get_by_text("<script>document.title='PWNED'</script>").first.is_visible() \
            or page.locator("text=document.title='PWNED'").count() > 0
