"""The brief as a notebook: no kernel runs; each code cell carries the one-line call that makes
its part as source and the part's HTML and plain text as outputs, so the notebook is also a
faithful record that any Jupyter can open.
"""

from __future__ import annotations

from infolib.brief import sections
from infolib.brief.collect import BriefData


def _guidance(data: BriefData) -> dict[str, str]:
    """Short advice beside each part, in the project's own words (no scraped text in here)."""
    plan = data.plan
    wrap = f"{plan.wrap_up_at:g}"
    minutes = int(plan.minutes)
    in_person = bool(data.meeting and data.meeting["mode"] == "in person")
    arrive = ("arrive five minutes early" if in_person else
              "test the call link and your sound five minutes before")
    return {
        "title": (
            f"**Before you go:** read this the evening before; {arrive}; say you are exploring "
            f"the field and will keep to the {minutes} minutes you asked for."),
        "news": ("Bring one item up early (\"I saw that …, how has that changed your work?\"); "
                 "news older than a year may be history."),
        "questions": (
            f"Ask the first question by minute {plan.opening:g}; follow your contact where it is "
            f"useful. **Start wrapping up at minute {wrap}**: the closing questions, your thanks, "
            f"and an offer to stop at minute {minutes}. Write your notes under each question."),
        "gaps": ("What a web page cannot tell you and a person inside can: the questions aim at "
                 "the gaps; build on the covered topics rather than ask about them."),
        "outreach": ("Afterwards: note what you learned, the names and what you promised; send "
                     "the thank-you within 24 hours."),
    }


def build_notebook(data: BriefData, density: sections.Density = sections.ROOMY):
    """The brief as an nbformat v4 notebook: markdown headings and guidance, and code cells
    whose outputs are the parts computed here (HTML and plain text). ``density`` says how much
    of each part to hold (the PDF's fit to four pages tries tighter ones)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    tips = _guidance(data)
    data.sources = sections.Sources.of(data.research)  # numbered afresh for this layout
    cells = []

    def markdown(text: str, *tags: str):
        cells.append(new_markdown_cell(text, metadata={"tags": list(tags)} if tags else {}))

    def part(source: str, made, *tags: str):
        output = new_output("display_data", data=made.bundle())
        cells.append(new_code_cell(source, outputs=[output],
                                   metadata={"tags": list(tags)} if tags else {}))

    field_, contact = data.field, data.contact
    which = f", organisation={data.research.crawl.start_url!r}" if data.others else ""
    cells.append(new_code_cell(
        "import infolib.brief as brief\n"
        f"data = brief.collect({field_!r}, contact={contact!r}, "
        f"workbook={str(data.research.stored_in) if data.research.stored_in else None!r}"
        f"{which})\n"
        f"density = brief.sections.{density!r}",
        metadata={"tags": ["setup"]}))
    part("brief.sections.title_page(field=data.field, organisation=data.organisation, "
         "contact=data.contact, role=data.role, meeting=data.meeting, seeker=data.seeker, "
         "minutes=data.plan.minutes, today=data.today)",
         sections.title_page(field=field_, organisation=data.organisation, contact=contact,
                             role=data.role, meeting=data.meeting, seeker=data.seeker,
                             minutes=data.plan.minutes, today=data.today), "title")
    markdown(tips["title"], "guidance", "after-title")

    markdown("## 1. The organisation")
    part("brief.sections.profile_part(data.research, data.sources, density)",
         sections.profile_part(data.research, data.sources, density), "profile")
    if (others := sections.others_part(data.others, data.sources)) is not None:
        markdown("### The others in the field")
        part("brief.sections.others_part(data.others, data.sources)", others, "others")

    markdown("## 2. People")
    part("brief.sections.people_part(data.research, data.sources, data.contact, "
         "data.contact_row, density)",
         sections.people_part(data.research, data.sources, contact, data.contact_row, density),
         "people")

    markdown("## 3. What's new")
    markdown(tips["news"], "guidance")
    part("brief.sections.news_part(data.research, data.sources, density)",
         sections.news_part(data.research, data.sources, density), "news")
    if (new := sections.changes_part(data.changes, data.sources, density)) is not None:
        part("brief.sections.changes_part(data.changes, data.sources, density)", new, "changes")

    markdown("## 4. Questions for the meeting",
             *(("new-page",) if density.questions_on_new_page else ()))
    markdown(tips["questions"], "guidance")
    part("brief.sections.questions_part(data.plan, data.sources)",
         sections.questions_part(data.plan, data.sources), "questions",
         f"write-{density.write_lines}")

    markdown("## 5. The gaps: what the research does not tell you")
    markdown(tips["gaps"], "guidance")
    part("brief.sections.gaps_part(data.gaps, data.sources)",
         sections.gaps_part(data.gaps, data.sources), "gaps")

    markdown("## 6. After the meeting")
    markdown(tips["outreach"], "guidance")
    part("brief.sections.outreach_part(data.outreach, data.reminders, data.contact)",
         sections.outreach_part(data.outreach, data.reminders, contact), "outreach")

    markdown("## Sources", "appendix")
    crawl = data.research.crawl
    part("brief.sections.appendix(data.sources, data.research.crawl.start_url, "
         "data.research.crawl.started)",
         sections.appendix(data.sources, crawl.start_url, crawl.started), "sources")

    title = f"Research brief: {data.organisation or field_}" + (f" · {contact}" if contact else "")
    nb = new_notebook(cells=cells, metadata={
        "title": title,
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "infolib": {"field": field_, "contact": contact, "made": data.today.isoformat()},
    })
    nbformat.validate(nb)
    return nb
