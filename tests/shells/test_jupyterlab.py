"""A new user's first notebook, in JupyterLab, in a real (headless) browser."""

from __future__ import annotations

import json

import pytest

from infolib import new_field
from infolib.fields import parameterise
from tests.browser import ARTEFACTS, browser_page, jupyterlab, need_chromium, run_all_cells

pytestmark = pytest.mark.slow  # JupyterLab and Chromium


def test_notebook_01_of_a_new_field_runs_in_jupyterlab_and_shows_the_profile(workbook,
                                                                            demo_url):
    need_chromium()
    folder = new_field("Energy storage", company=demo_url, workbook=workbook)
    path = folder / "01-research-company.ipynb"
    notebook = json.loads(path.read_text())
    # no politeness delay on the loopback demo site, so the test does not wait on it
    path.write_text(json.dumps(parameterise(notebook, {"delay": 0.0}), indent=1))
    with jupyterlab(workbook.folder) as (base, token), browser_page() as page:
        page.set_default_timeout(90_000)  # a wait bound for a slow machine, not a timing
        run_all_cells(page, f"{base}/lab/tree/fields/energy-storage/01-research-company.ipynb"
                            f"?token={token}&reset")
        profile = page.locator(".jp-OutputArea-output h3", has_text="Larkspur Grid Systems")
        ARTEFACTS.mkdir(exist_ok=True)
        try:
            profile.first.wait_for(state="visible")
        finally:  # what the user saw, for whoever reads a failure
            page.screenshot(path=str(ARTEFACTS / "jupyterlab-01-research-company.png"))
        page.locator(".jp-OutputArea-output", has_text="Tomas Lindqvist").first.wait_for()
        page.screenshot(path=str(ARTEFACTS / "jupyterlab-01-research-company.png"))
        assert profile.first.is_visible()
        assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter"
                            ".stderr']", has_text="Traceback").count() == 0
