"""The dev set: real organisations' sites from ``../shared/realsites``, served by its
production-like ``serve.py`` (gzip, keep-alive, ETags and 304s), researched, and scored
against hand-checked gold facts with its ``score.py``.

The pages belong to their owners: they are read from ``../shared`` for evaluation only and
never copied into this repository. Shared by the quality floors (tests/research) and
``bench/bench_facts.py``.
"""

from __future__ import annotations

import contextlib
import json
import runpy
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.paths import ROOT


def _find_realsites() -> Path:
    """``$INFOLIB_REALSITES``, else ``shared/realsites`` beside the checkout or beside one of
    its parent folders, else beside the repository this checkout was cloned from (a CI clone
    made elsewhere of a checkout that has the dev set beside it)."""
    import os

    if os.environ.get("INFOLIB_REALSITES"):
        return Path(os.environ["INFOLIB_REALSITES"])
    homes = [ROOT, *ROOT.parents]
    try:
        origin = subprocess.run(["git", "-C", str(ROOT), "config", "--get", "remote.origin.url"],
                                capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        origin = ""
    if origin and "://" not in origin and not origin.startswith("git@"):
        local = Path(origin.removeprefix("file:")).expanduser()
        if local.is_dir():
            homes += [local.resolve(), *local.resolve().parents]
    for folder in homes:
        if (folder / "shared" / "realsites" / "score.py").is_file():
            return folder / "shared" / "realsites"
    return ROOT.parent / "shared" / "realsites"


REALSITES = _find_realsites()
SITES = ("bravo-lt", "cryspen", "dimagi", "haskell-foundation", "ocean-health-index",
         "open-science-labs", "quansight-labs")


def missing_reason() -> str | None:
    """Why the dev set cannot be used here, or None when it can."""
    if not (REALSITES / "serve.py").is_file() or not (REALSITES / "score.py").is_file():
        return (f"the dev sites are not in {REALSITES}: a checkout without ../shared/realsites "
                "(set INFOLIB_REALSITES to the folder if it is elsewhere; CI requires them)")
    return None


def require() -> None:
    """Skip the calling test, saying why, when the dev set is not here; fail instead under
    ``.ci/run`` (INFOLIB_REQUIRE_REALSITES=1), where its absence is a broken setup."""
    import os

    import pytest

    reason = missing_reason()
    if reason is None:
        return
    if os.environ.get("INFOLIB_REQUIRE_REALSITES"):
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(name: str, gzip: bool = True, prefix: str | None = None):
    """``serve.py`` serving one dev site on a free 127.0.0.1 port; yields its start URL."""
    port = _free_port()
    command = [sys.executable, str(REALSITES / "serve.py"), str(REALSITES / name / "site"),
               str(port)] + ([] if gzip else ["--no-gzip"]) + (["--prefix", prefix] if prefix
                                                              else [])
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as server:
        try:
            for _ in range(400):  # until it listens (or dies): a start-up wait, not a limit
                if server.poll() is not None:
                    raise RuntimeError(f"serve.py exited: {server.stderr.read().decode()}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.05)
            yield f"http://127.0.0.1:{port}{prefix or '/'}"
        finally:
            server.terminate()


def gold(name: str) -> dict:
    return json.loads((REALSITES / name / "gold.json").read_text(encoding="utf-8"))


_SCORER: dict = {}


def score(name: str, research: dict) -> dict:
    """The scorer's figures (``score.py --json``) for one site's research JSON."""
    if not _SCORER:
        _SCORER.update(runpy.run_path(str(REALSITES / "score.py")))
    out, _lines = _SCORER["score"](gold(name), research)
    return out


def research_site(name: str, prefix: str | None = None, max_pages: int = 40) -> dict:
    """Research one dev site as a user would (``research_company``, delay 0) into a fresh
    workbook; the research JSON."""
    from infolib import research_company

    with served(name, prefix=prefix) as url, tempfile.TemporaryDirectory() as folder:
        result = research_company(url, "Dev set", workbook=Path(folder) / "workbook",
                                  max_pages=max_pages, delay=0, progress=False, refresh=True)
        return result.to_dict()


@contextlib.contextmanager
def researched(name: str, prefix: str | None = None, max_pages: int = 40):
    """Research one dev site as ``research_site`` does and yield (research JSON, the workbook
    holding it, the field), so a caller can plan from the stored research; the workbook is
    removed afterwards."""
    from infolib import research_company
    from infolib.store.workbook import Workbook

    with served(name, prefix=prefix) as url, tempfile.TemporaryDirectory() as folder:
        book = Workbook(Path(folder) / "workbook")
        try:
            result = research_company(url, "Dev set", workbook=book, max_pages=max_pages,
                                      delay=0, progress=False, refresh=True)
            yield result.to_dict(), book, "Dev set"
        finally:
            book.close()


def products_by_head(name: str, research: dict) -> dict:
    """Products scored against the gold names cut before their description: the dev set's gold
    writes a product as "CommCare (no-code platform for …)" or "Agile Training / Lean Agile",
    and its scorer's word overlap (>= .5 of the whole) then rejects the bare name "CommCare".
    Our own figure, reported beside the scorer's, never instead of it: the scorer is run on
    the research with the gold names cut at the first "(" or " / "."""
    import re

    cut = dict(gold(name))
    cut["products"] = [{**item, "name": re.split(r"\s*\(|\s+/\s+", item["name"])[0]}
                       for item in cut.get("products") or []]
    if not _SCORER:
        score(name, research)
    out, _lines = _SCORER["score"](cut, research)
    return out["products"]


def figures(out: dict) -> dict:
    """The scorer's output as flat figures (None where not applicable)."""
    people, products, jobs, news = out["people"], out["products"], out["jobs"], out["news"]
    return {"name": out["name"] == "ok",
            "people_p": people["precision"], "people_r": people["recall"],
            "roles": people["roles"],
            "products_p": products["precision"], "products_r": products["recall"],
            "phantom": jobs["phantom"], "jobs_r": jobs["recall"],
            "news_p": news["precision"], "news_r": news["recall"], "dates": news["dates"],
            "mission": None if out["mission"] == "n/a" else out["mission"] == "ok",
            "founded": None if out["founded"] == "n/a" else out["founded"] == "ok",
            "hq": None if out["hq"] == "n/a" else out["hq"] == "ok"}


def pooled(outs: dict[str, dict]) -> dict:
    """Figures over the whole dev set from the scorer's outputs per site: precision and recall
    pooled over every item (so a big team page counts for its size), names, missions, founding
    years and headquarters as shares of the sites where the gold has one, phantom roles summed."""
    def total(kind: str, key: str) -> int:
        return sum(out[kind][key] or 0 for out in outs.values())

    def share(num: int, den: int) -> float | None:
        return num / den if den else None

    def facts(key: str) -> float | None:
        states = [out[key] for out in outs.values() if out[key] != "n/a"]
        return share(sum(s == "ok" for s in states), len(states))

    news_found = total("news", "found")
    return {"name": facts("name"),
            "people_p": share(total("people", "extracted_matching"),
                              total("people", "extracted")),
            "people_r": share(total("people", "found"), total("people", "gold")),
            "roles": share(total("people", "roles_correct"), total("people", "roles_scored")),
            "products_p": share(total("products", "extracted_matching"),
                                total("products", "extracted")),
            "products_r": share(total("products", "found"), total("products", "gold")),
            "phantom": total("jobs", "phantom"),
            "jobs_r": share(total("jobs", "found"), total("jobs", "gold")),
            "news_p": share(total("news", "extracted") - total("news", "junk"),
                            total("news", "extracted")),
            "news_r": share(news_found, total("news", "gold")),
            "dates": share(total("news", "dates_ok"), news_found),
            "mission": facts("mission"), "founded": facts("founded"), "hq": facts("hq")}


#: The issue's targets over the dev set (phantom open roles: none).
TARGETS = {"name": 1.0, "people_r": 0.85, "people_p": 0.90, "roles": 0.80, "products_r": 0.70,
           "products_p": 0.80, "news_p": 0.95, "dates": 0.95, "mission": 1.0}


def main() -> None:
    """``python -m tests.realsites [-v] [--out DIR] [--prefix] [NAME ...]``: research each dev
    site, write its research JSON to DIR (default a new temporary folder), print the scorer's
    line (with -v every fact it checked). ``--prefix`` serves each site under ``/NAME/``."""
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="*", default=list(SITES))
    parser.add_argument("-v", action="store_true")
    parser.add_argument("--prefix", action="store_true")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    out_dir = Path(args.out or tempfile.mkdtemp(prefix="realsites-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in args.names:
        research = research_site(name, prefix=f"/{name}/" if args.prefix else None)
        (out_dir / f"{name}.json").write_text(json.dumps(research, indent=1, ensure_ascii=False))
        out, lines = _score_lines(name, research)
        if args.v:
            print("\n".join(lines))
        print(name, out["line"].removeprefix("score: "), flush=True)
    print(f"research JSON in {out_dir}")


def _score_lines(name: str, research: dict) -> tuple[dict, list[str]]:
    score(name, research)  # loads the scorer
    return _SCORER["score"](gold(name), research)


if __name__ == "__main__":
    main()
