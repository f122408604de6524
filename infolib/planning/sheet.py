"""The printable question sheet: the plan on A4, twice (one copy for the contact). Each
question shows its kind (gap, grounded, yours, closing) and, when it builds on the research,
the page it cites and the date."""

from __future__ import annotations

from datetime import date
from html import escape

_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 11pt;
       color: #111; line-height: 1.35; }
.copy { page-break-after: always; break-after: page; }
.copy:last-child { page-break-after: auto; break-after: auto; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
.meta { color: #444; margin-bottom: 5mm; font-size: 10pt; }
ol { padding-left: 7mm; }
li { margin: 0 0 5mm; }
.clock { color: #666; font-size: 9pt; margin-left: 2mm; white-space: nowrap; }
.wrap { border-top: 1px dashed #999; margin: 3mm 0; padding-top: 2mm; color: #666;
        font-size: 9pt; }
.notes { border-bottom: 1px solid #ccc; height: 9mm; }
.copy-label { float: right; color: #888; font-size: 9pt; }
.kind { color: #666; font-size: 8pt; text-transform: uppercase; letter-spacing: 0.05em;
        margin-right: 2mm; }
.cite { color: #555; font-size: 8.5pt; margin-top: 1mm; overflow-wrap: anywhere; }
"""
KIND_LABELS = {"gap": "gap", "grounded": "grounded", "yours": "yours", "user": "yours",
               "follow_up": "follow-up", "closing": "closing"}


def question_sheet(plan, copies: int = 2) -> str:
    if not 1 <= copies <= 5:
        from infolib.errors import PlanError

        raise PlanError(f"Print 1 to 5 copies of the sheet, not {copies}.")
    e = escape
    who = f" with {e(plan.contact)}" if plan.contact else ""
    org = f" · {e(plan.organisation)}" if plan.organisation else ""
    items, wrap_shown = [], False
    for question, start in plan.timeline():
        if question.kind == "closing" and not wrap_shown:
            items.append(f"<div class='wrap'>Minute {plan.wrap_up_at:g}: start wrapping up; "
                         "offer to finish on time.</div>")
            wrap_shown = True
        cites = question.cites or {}
        cite = ""
        if cites.get("url"):
            from infolib.planning.questions import cite_label

            cite = f"<div class='cite'>Source: {e(cite_label(cites))}</div>"
        kind = KIND_LABELS.get(question.kind, question.kind)
        items.append(f"<li><span class='kind'>{e(kind)}</span>{e(question.text)}"
                     f"<span class='clock'>from minute {start:g}, about "
                     f"{question.minutes:g} min</span>{cite}<div class='notes'></div></li>")
    body = "".join(items)
    pages = []
    for n in range(1, copies + 1):
        label = "your copy" if n == 1 else "copy for your contact" if n == 2 else f"copy {n}"
        pages.append(
            f"<section class='copy'><span class='copy-label'>{label}</span>"
            f"<h1>Questions: {e(plan.field)}{org}</h1>"
            f"<div class='meta'>A {plan.minutes}-minute conversation{who}. "
            f"{len(plan.questions)} questions, most important first. Printed "
            f"{date.today().isoformat()}.</div><ol>{body}</ol></section>")
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>Questions: {e(plan.field)}</title><style>{_CSS}</style></head>"
            f"<body>{''.join(pages)}</body></html>")
