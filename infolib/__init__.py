"""infolib: a research workbook for informational interviews.

Notebooks import only the names in ``__all__``. Nothing heavy is imported until it is used,
so ``import infolib`` stays as quick as importing pandas.

In a notebook, ``%load_ext infolib`` shows infolib's errors as one clear message instead of
a traceback.
"""

from __future__ import annotations

import importlib

from infolib._version import __version__ as __version__

_EXPORTS = {
    "research_company": "infolib.research.company",
    "research_companies": "infolib.research.company",
    "ResearchResult": "infolib.models",
    "ResearchResults": "infolib.models",
    "changes": "infolib.research.changes",
    "Changes": "infolib.research.changes",
    "crawl_site": "infolib.web.crawl",
    "CrawlResult": "infolib.models",
    "Fetcher": "infolib.web.fetch",
    "build_profile": "infolib.research.profile",
    "summarise": "infolib.research.summarise",
    "Workbook": "infolib.store.workbook",
    "CrawlSettings": "infolib.config",
    "serve_demo": "infolib.demo.site",
    "DemoSite": "infolib.demo.site",
    "CompanyProfile": "infolib.models",
    "Page": "infolib.models",
    "Skip": "infolib.models",
    "find_gaps": "infolib.planning.gaps",
    "add_goal": "infolib.planning.gaps",
    "mark_topic": "infolib.planning.gaps",
    "set_goals": "infolib.planning.gaps",
    "GapList": "infolib.planning.gaps",
    "plan_questions": "infolib.planning.questions",
    "QuestionPlan": "infolib.planning.questions",
    "check_question": "infolib.planning.checks",
    "load_checklist": "infolib.planning.checklist",
    "edit_gaps": "infolib.widgets",
    "edit_questions": "infolib.widgets",
    "contact_form": "infolib.widgets",
    "outreach_form": "infolib.widgets",
    "meeting_form": "infolib.widgets",
    "note_form": "infolib.widgets",
    "take_note": "infolib.planning.meetings",
    "take_notes": "infolib.planning.meetings",
    "answered_topics": "infolib.planning.meetings",
    "meeting_answers": "infolib.planning.meetings",
    "show": "infolib.display",
    "file_link": "infolib.display",
    "InfolibError": "infolib.errors",
    "InvalidURLError": "infolib.errors",
    "FetchError": "infolib.errors",
    "ExtractError": "infolib.errors",
    "StoreError": "infolib.errors",
    "ConfigError": "infolib.errors",
    "PlanError": "infolib.errors",
    "DataError": "infolib.errors",
    "NotFoundError": "infolib.errors",
    "SetupError": "infolib.errors",
    "ExportError": "infolib.errors",
    "OutputPathError": "infolib.errors",
    "WriteError": "infolib.errors",
    "ReadOnlyWorkbookError": "infolib.errors",
    "import_linkedin": "infolib.outreach.contacts",
    "import_contacts": "infolib.outreach.contacts",
    "connections_at_targets": "infolib.outreach.contacts",
    "export_workbook": "infolib.store.backup",
    "restore_workbook": "infolib.store.backup",
    "draft_email": "infolib.outreach.drafts",
    "due_reminders": "infolib.outreach.reminders",
    "export_reminders": "infolib.outreach.reminders",
    "reply_labels": "infolib.outreach.reminders",
    "lint_request": "infolib.outreach.lint",
    "analyse_referrals": "infolib.referrals",
    "ReferralAnalysis": "infolib.referrals",
    "load_demo_log": "infolib.demo.log",
    "new_field": "infolib.fields",
    "make_brief": "infolib.brief",
    "field_progress": "infolib.fields",
}
__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'infolib' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


def load_ipython_extension(ipython) -> None:
    """``%load_ext infolib``: infolib's errors appear as a short message, not a traceback."""
    from infolib.errors import InfolibError

    def show(shell, etype, value, tb, tb_offset=None):
        import html

        from IPython.display import display

        display({"text/plain": f"{etype.__name__}: {value}",
                 "text/html": f"<div style='border-left:4px solid #c0392b;padding:0.4em 1em'>"
                              f"<b>{etype.__name__}</b>: {html.escape(str(value))}</div>"},
                raw=True)

    ipython.set_custom_exc((InfolibError,), show)
