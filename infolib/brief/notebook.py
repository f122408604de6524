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
    arrive = ("Arrive five minutes early and offer to buy the coffee." if in_person else
              "Test the call link and your sound five minutes before, somewhere quiet.")
    return {
        "title": (
            "**Before you go.** Read this brief the evening before, not in the lift. "
            "Print the question pages twice: one copy for you to write on, one to hand over so "
            "your contact can see where the conversation is heading. "
            f"{arrive} Open by saying that you are exploring the field, that you are at the "
            f"research stage, and that you will keep to the {minutes} minutes you asked for."),
        "profile": (
            "Every fact below comes from the organisation's own pages; a number in brackets "
            "points to the list of sources at the end, with the day each page was read. Do not "
            "spend the meeting on what these already answer: mention them to show you did the "
            "reading, and ask what is true *behind* them."),
        "news": (
            "Choose one item to bring up early (\"I saw that …, how has that changed your "
            "work?\"). It shows preparation and gives your contact something concrete to talk "
            "about. Check the date: news older than a year may be history."),
        "people": (
            "Look your contact up by hand before the meeting: their public profile, talks, "
            "articles, and how you came to know of them. infolib never scrapes LinkedIn."),
        "gaps": (
            "Red rows are the gaps: what a web page cannot tell you and a person inside can. "
            "Your questions aim at them, most important first. Green rows are covered: do not "
            "ask about them, build on them."),
        "questions": (
            f"Ask the first question by minute {plan.opening:g}, after a short introduction. "
            "Ask whether they prefer to take the questions one by one or just talk, and follow "
            "them if they wander somewhere useful. "
            f"**Start wrapping up at minute {wrap}**: ask the closing questions, thank them, "
            f"and offer to stop at minute {minutes}; stay longer only if they invite you to."),
        "outreach": (
            "After the meeting, write down straight away what you learned, the names they "
            "gave you and what you promised. Send the thank-you the same day (within 24 hours) "
            "and name what helped most. A month or two later, tell them what you did with "
            "their advice, even if you decided the field is not for you."),
        "sources": (
            "Every address cited in this brief, with the day it was read and, where the page "
            "gives one, the day it was published. Re-check anything old before quoting it."),
    }


def build_notebook(data: BriefData):
    """The brief as an nbformat v4 notebook: markdown headings and guidance, and code cells
    whose outputs are the parts computed here (HTML and plain text)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    tips = _guidance(data)
    cells = []

    def markdown(text: str, *tags: str):
        cells.append(new_markdown_cell(text, metadata={"tags": list(tags)} if tags else {}))

    def part(source: str, made, *tags: str):
        output = new_output("display_data", data=made.bundle())
        cells.append(new_code_cell(source, outputs=[output],
                                   metadata={"tags": list(tags)} if tags else {}))

    field_, contact = data.field, data.contact
    cells.append(new_code_cell(
        "import infolib.brief as brief\n"
        f"data = brief.collect({field_!r}, contact={contact!r}, "
        f"workbook={str(data.research.stored_in) if data.research.stored_in else None!r})",
        metadata={"tags": ["setup"]}))
    part("brief.sections.title_page(field=data.field, organisation=data.organisation, "
         "contact=data.contact, role=data.role, meeting=data.meeting, seeker=data.seeker, "
         "minutes=data.plan.minutes, today=data.today)",
         sections.title_page(field=field_, organisation=data.organisation, contact=contact,
                             role=data.role, meeting=data.meeting, seeker=data.seeker,
                             minutes=data.plan.minutes, today=data.today), "title")
    markdown(tips["title"], "guidance", "after-title")

    markdown("## 1. The organisation")
    markdown(tips["profile"], "guidance")
    part("brief.sections.profile_part(data.research, data.sources)",
         sections.profile_part(data.research, data.sources), "profile")

    markdown("## 2. Recent news")
    markdown(tips["news"], "guidance")
    part("brief.sections.news_part(data.research, data.sources)",
         sections.news_part(data.research, data.sources), "news")

    markdown("## 3. People")
    markdown(tips["people"], "guidance")
    part("brief.sections.people_part(data.research, data.sources, data.contact, data.contact_row)",
         sections.people_part(data.research, data.sources, contact, data.contact_row), "people")

    markdown("## 4. What the research does not tell you: the gap list")
    markdown(tips["gaps"], "guidance")
    part("brief.sections.gaps_part(data.gaps, data.sources, brief.sections.coverage_chart(data.gaps))",
         sections.gaps_part(data.gaps, data.sources, sections.coverage_chart(data.gaps)), "gaps")

    markdown("## 5. Questions for the meeting", "new-page")
    markdown(tips["questions"], "guidance")
    part("brief.sections.questions_part(data.plan, data.sources)",
         sections.questions_part(data.plan, data.sources), "questions")

    markdown("## 6. Outreach and reminders")
    markdown(tips["outreach"], "guidance")
    part("brief.sections.outreach_part(data.outreach, data.reminders, data.contact)",
         sections.outreach_part(data.outreach, data.reminders, contact), "outreach")

    markdown("## Sources", "appendix")
    markdown(tips["sources"], "guidance")
    part("brief.sections.appendix(data.sources)", sections.appendix(data.sources), "sources")

    title = f"Research brief: {data.organisation or field_}" + (f" · {contact}" if contact else "")
    nb = new_notebook(cells=cells, metadata={
        "title": title,
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "infolib": {"field": field_, "contact": contact, "made": data.today.isoformat()},
    })
    nbformat.validate(nb)
    return nb
