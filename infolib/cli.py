"""The command line: open, call one infolib function, print, exit. The only module that
prints or exits."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from infolib._version import __version__
from infolib.terminal import terminal_json, terminal_safe

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _folder(text: str) -> Path:
    """A --workbook folder; an empty one would silently mean the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError(
            "the folder is empty: give a folder, e.g. --workbook ~/job-search, or leave "
            "--workbook out to use $INFOLIB_WORKBOOK or the project's data/ folder")
    return Path(text)


def _workbook_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workbook", metavar="DIR", type=_folder, default=None,
                        help="workbook folder (default: $INFOLIB_WORKBOOK or the project's data/)")


def _crawl_args(parser: argparse.ArgumentParser, delay: float = 1.0,
                field: str | None = None) -> None:
    parser.add_argument("--field", required=field is None, default=field, metavar="NAME",
                        help="the target field this research belongs to, e.g. 'Energy storage'"
                             + (f" (default: {field!r})" if field else ""))
    parser.add_argument("--max-pages", type=int, default=40, metavar="N",
                        help="most pages to read (default 40)")
    parser.add_argument("--max-depth", type=int, default=4, metavar="N",
                        help="most link hops from the start page (default 4)")
    parser.add_argument("--delay", type=float, default=delay, metavar="S",
                        help=f"seconds between requests to the site (default {delay:g})")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object (schema: docs/research-json.md)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--refresh", action="store_true",
                        help="read the site again instead of reusing today's stored research")
    _workbook_arg(parser)


def _exit_codes() -> str:
    """The --help epilog: each exit code and what it means (infolib.errors.EXIT_CODES)."""
    import textwrap

    from infolib.errors import EXIT_CODES

    lines = ["exit codes (by the kind of trouble; see infolib/errors.py):"]
    for code, meaning in EXIT_CODES.items():
        lines += textwrap.wrap(meaning, width=88, initial_indent=f"  {code:<4} ",
                               subsequent_indent=" " * 7)
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="infolib",
        description="Research workbook for informational interviews.",
        epilog=_exit_codes(), formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"infolib {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what the crawl does")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    research = commands.add_parser(
        "research", help="crawl an organisation's public pages; store a sourced profile",
        description="Politely crawl an organisation's public pages, build a sourced profile "
                    "and summary, and store them in the workbook. Several addresses are read "
                    "side by side (each site still one request at a time, with its delay) and "
                    "stored as organisations of the field; researching another address with "
                    "the same --field adds it. Exit 1 if a site could not be read (the "
                    "others are stored).")
    research.add_argument("url", nargs="+",
                          help="the organisation's web address (http or https); several "
                               "addresses are read at once, one site per host at a time")
    _crawl_args(research)

    demo = commands.add_parser(
        "demo", help="serve the fictional demo company and research it",
        description="Serve the demo company's website on 127.0.0.1 and run the research "
                    "stage on it.")
    demo.set_defaults(url=None)
    _crawl_args(demo, delay=0.2, field="Energy storage (demo)")

    show = commands.add_parser("show", help="print the stored research of a field",
                               description="Print the latest stored research of a field.")
    show.add_argument("--field", required=True, metavar="NAME", help="the target field")
    show.add_argument("--json", action="store_true", help="print one JSON object")
    _workbook_arg(show)
    changed = commands.add_parser(
        "changes", help="what changed since you last looked at a field's organisations",
        description="Compare the two latest stored crawls of each organisation of a field: "
                    "pages new, gone or changed, news, roles opened or closed, people who "
                    "appeared or left, facts that changed, with sources and dates.")
    changed.add_argument("--field", required=True, metavar="NAME", help="the target field")
    changed.add_argument("--since", default=None, metavar="DATE",
                         help="only crawls made on or after this day (YYYY-MM-DD)")
    changed.add_argument("--json", action="store_true", help="print one JSON object")
    _workbook_arg(changed)

    fields = commands.add_parser("fields", help="list the fields and how far each has got",
                                 description="List the target fields in the workbook with "
                                             "their progress: researched (pages), gaps, "
                                             "questions planned, contacted, met, thanked, "
                                             "followed up.")
    _workbook_arg(fields)
    new = commands.add_parser("new", help="start a field: the workbook entry and its notebooks",
                              description="Create a target field in the workbook and a folder "
                                          "of its notebook series 01–06 with the field's "
                                          "parameters filled in, ready for JupyterLab.")
    new.add_argument("field", help="the field's name, e.g. 'Energy storage'")
    new.add_argument("--company", required=True, action="append", metavar="URL",
                     help="an organisation of the field to research (repeat for several: "
                          "--company URL --company URL2)")
    new.add_argument("--role", default="", help="the role you are curious about")
    new.add_argument("--contact", default="", metavar="NAME", help="who you hope to meet")
    new.add_argument("--minutes", type=int, default=20, help="length of the meeting (20)")
    new.add_argument("--me", default="", metavar="NAME",
                     help="your name, for the signature of your drafts (with --email; default: "
                          "what the workbook knows)")
    new.add_argument("--email", default="", metavar="E", help="your email address (with --me)")
    new.add_argument("--force", action="store_true",
                     help="write the notebooks again for a field that exists (research kept)")
    _workbook_arg(new)
    _planning_commands(commands)
    _people_commands(commands)
    return parser


def _people_commands(commands) -> None:
    def command(name, help_text, description):
        sub = commands.add_parser(name, help=help_text, description=description)
        _workbook_arg(sub)
        return sub

    linkedin = command("import-linkedin", "import your LinkedIn Connections.csv",
                       "Import your own LinkedIn export (Connections.csv). Connections already "
                       "in the workbook are skipped.")
    linkedin.add_argument("file", type=Path)
    generic = command("import-contacts", "import a contacts CSV",
                      "Import a CSV of contacts (name, organisation, role, email, phone, "
                      "profile_url, how_found, referred_by, notes, field).")
    generic.add_argument("file", type=Path)
    export = command("export", "write every table of the workbook as CSV",
                     "Export every table of the workbook to CSV files in a new folder.")
    export.add_argument("folder", type=Path)
    restore = command("restore", "restore a workbook from an export",
                      "Restore an export into an empty workbook (give a new --workbook).")
    restore.add_argument("folder", type=Path)
    listing = command("contacts", "list your contacts",
                      "List your contacts; with --at-targets, those at the field's researched "
                      "organisations.")
    listing.add_argument("--field", metavar="NAME", help="only this field's contacts")
    listing.add_argument("--at-targets", action="store_true",
                         help="contacts who work at the organisations researched for --field")
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    contact = command("contact", "add a contact", "Add one contact to the workbook.")
    contact.add_argument("name")
    for flag, help_text in (("--org", "organisation"), ("--role", "their role"),
                            ("--email", "email address"), ("--phone", "phone number"),
                            ("--url", "public profile URL"), ("--field", "target field"),
                            ("--referred-by", "the contact who referred you"),
                            ("--notes", "notes")):
        contact.add_argument(flag, default="", help=help_text)
    contact.add_argument("--found", default=None, metavar="HOW",
                         help="referral, alumni, linkedin, event or cold")
    outreach = command("outreach", "log a message you sent",
                       "Log a message to a contact (a request, follow-up, confirmation, "
                       "thank-you or update).")
    outreach.add_argument("contact", help="name or id")
    outreach.add_argument("--channel", default="email",
                          help="email, phone, linkedin, post or in_person (default email)")
    outreach.add_argument("--kind", default="request",
                          help="request, follow_up, confirmation, thank_you or update")
    outreach.add_argument("--sent", metavar="DATE", help="YYYY-MM-DD (default today)")
    outreach.add_argument("--note", default="")
    replied = command("replied", "log a contact's reply",
                      "Log that a contact replied to your latest message.")
    replied.add_argument("contact", help="name or id")
    replied.add_argument("--on", metavar="DATE", help="YYYY-MM-DD (default today)")
    meeting = command("meeting", "log a meeting", "Log a meeting with a contact.")
    meeting.add_argument("contact", help="name or id")
    meeting.add_argument("--when", required=True, metavar="WHEN",
                         help="YYYY-MM-DD HH:MM, in this computer's time zone unless followed "
                              "by an offset (+01:00) or a zone (Europe/London)")
    meeting.add_argument("--mode", default="video", help="in_person, phone or video")
    meeting.add_argument("--place", default="", help="place, or call details")
    meeting.add_argument("--minutes", type=int, default=20)
    meeting.add_argument("--field", metavar="NAME")
    note = command("note", "write down what a meeting taught you",
                   "Add a note to a meeting: an answer, insight, advice or lead. With "
                   "--question it answers one question of the contact's stored plan: an "
                   "answer, insight or advice then closes that question's topic in the gap "
                   "list, and the next plan leaves it out and follows it up.")
    note.add_argument("meeting", help="the meeting's id")
    note.add_argument("text")
    note.add_argument("--kind", default=None,
                      help="answer, insight, advice or lead (default: answer with --question, "
                           "else insight)")
    note.add_argument("--question", default="", metavar="N|TEXT",
                      help="the planned question it answers: its number in the contact's plan, "
                           "or its words")
    referral = command("referral", "log a referral", "Log that one contact referred you to "
                       "another (add both as contacts first).")
    referral.add_argument("from_contact", metavar="FROM")
    referral.add_argument("to_contact", metavar="TO")
    referral.add_argument("--on", metavar="DATE")
    me = command("me", "who you are, for the signature of your drafts",
                 "Tell infolib your name, email, phone and profile link for your drafts.")
    me.add_argument("name")
    me.add_argument("email")
    me.add_argument("--phone", default="")
    me.add_argument("--url", default="", help="your professional profile")
    me.add_argument("--background", default="",
                    help="one phrase after \"I'm\", e.g. 'a field engineer moving into data work'")
    draft = command("draft", "write an email draft (.eml) for a contact",
                    "Write a request, confirmation, thank-you or follow-up as an unsent .eml "
                    "draft from what the workbook holds. infolib never sends email.")
    draft.add_argument("kind", choices=["request", "confirmation", "thank-you", "follow-up"])
    draft.add_argument("contact", help="name or id")
    draft.add_argument("--field", metavar="NAME")
    draft.add_argument("--minutes", type=int, default=20, help="the ask, for a request")
    draft.add_argument("--most-helpful", default="", help="for a thank-you")
    draft.add_argument("--progress", default="", help="for a follow-up")
    draft.add_argument("--advice-effect", default="", help="for a follow-up")
    draft.add_argument("--resume", type=Path, help="attach to a confirmation")
    draft.add_argument("--out", type=Path, metavar="DIR", help="folder for the .eml file")
    reminders = command("reminders", "what to do next, and when",
                        "List the reminders due from your outreach and meetings (3B7 on "
                        "business days, thank-yous, follow-ups); optionally as a calendar.")
    reminders.add_argument("--json", action="store_true", help="print a JSON list")
    reminders.add_argument("--ics", type=Path, metavar="FILE", help="also write an .ics calendar")
    reminders.add_argument("--today", metavar="DATE", help="pretend today is DATE (YYYY-MM-DD)")
    reminders.add_argument("--country", default="GB", help="for public holidays (default GB)")
    reminders.add_argument("--subdiv", default=None, help="e.g. ENG, SCT (regional holidays)")
    referrals = command("referrals", "which contacts, channels and sources led somewhere",
                        "Analyse the interview log: the referral chains, the funnel from first "
                        "message to offer, and conversion by channel and by how you found "
                        "people.")
    referrals.add_argument("--json", action="store_true", help="print one JSON object")
    referrals.add_argument("--plots", type=Path, metavar="DIR",
                           help="also save the funnel, conversion and referral-tree charts")
    brief = command("brief", "export the research brief (HTML or PDF)",
                    "Export the research brief of a field through nbconvert: title page, "
                    "profile and summary with sources, news, people, gaps, the questions with "
                    "their minutes, the outreach plan and reminders, and the sources. PDF "
                    "through the system Chromium.")
    brief.add_argument("--field", required=True, metavar="NAME")
    brief.add_argument("--to", choices=["html", "pdf"], default="html")
    brief.add_argument("--out", type=Path, metavar="PATH", help="the file to write")
    brief.add_argument("--contact", default="", metavar="NAME",
                       help="whose meeting the brief prepares (their plan and meeting details)")
    brief.add_argument("--organisation", default=None, metavar="NAME|URL",
                       help="the organisation the meeting is at, when the field has several "
                            "(default: the contact's); the others are listed in one table")
    journey = commands.add_parser(
        "journey", help="the whole demo journey, offline (what `make demo` runs)",
        description="Serve the demo company, start a demo field, run its notebooks 01–06 "
                    "headless, load the demo interview log, and write the brief (HTML, PDF) "
                    "and the referral analysis.")
    journey.add_argument("--out", type=Path, default=Path("out"), metavar="DIR",
                         help="where to write everything (default out/)")
    journey.add_argument("--no-pdf", action="store_true", help="skip the PDF brief")
    _workbook_arg(journey)
    command("demo-log", "load the fictional demo interview log",
            "Load a realistic, fictional interview log (a few dozen contacts across two demo "
            "fields) to try the analysis on; loading it twice adds nothing.")
    outcome = command("outcome", "log what came of it",
                      "Log an outcome: formal_interview, offer, hired, decided_against or "
                      "other.")
    outcome.add_argument("kind")
    outcome.add_argument("--contact", default="")
    outcome.add_argument("--field", metavar="NAME")
    outcome.add_argument("--on", metavar="DATE")
    outcome.add_argument("--why", default="")
    remove = command("remove", "remove a contact or one logged row",
                     "Remove a contact (with their messages, meetings and notes) or one row of "
                     "the interview log by its id: an outreach message, meeting, note, "
                     "referral or outcome. Export first if you may want it back.")
    remove.add_argument("kind", choices=["contact", "outreach", "meeting", "note", "referral",
                                         "outcome"])
    remove.add_argument("id", help="the row's id (a contact: id or name)")


def _field_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--field", required=True, metavar="NAME", help="the target field")


def _planning_commands(commands) -> None:
    gaps = commands.add_parser(
        "gaps", help="what the research covers and what it does not",
        description="Build the gap list of a field from its research, the checklist and your "
                    "goals; store and print it.")
    _field_arg(gaps)
    gaps.add_argument("--threshold", type=float, default=0.5, metavar="T",
                      help="coverage below which a topic is a gap (default 0.5)")
    gaps.add_argument("--compensation", action="store_true",
                      help="include pay and benefits as a topic")
    gaps.add_argument("--organisation", default=None, metavar="NAME|URL",
                      help="the gap list of one of the field's organisations (default: the "
                           "field as a whole, with which organisations cover each topic)")
    gaps.add_argument("--json", action="store_true", help="print a JSON list")
    _workbook_arg(gaps)

    goal = commands.add_parser(
        "goal", help="add something you want to learn, or the meeting's outcome",
        description="Record something you want to learn from the meeting (or, with --outcome, "
                    "what the meeting is for); it becomes a gap.")
    _field_arg(goal)
    goal.add_argument("text", help="e.g. 'how people move from field service into data roles'")
    goal.add_argument("--outcome", action="store_true", help="this is the meeting's outcome")
    goal.add_argument("--importance", type=int, metavar="N", help="1 (nice to know) to 5")
    _workbook_arg(goal)

    topic = commands.add_parser(
        "topic", help="mark a topic as a gap or covered, or change its importance",
        description="Change how one topic of the gap list counts.")
    _field_arg(topic)
    topic.add_argument("topic", help="the topic's id, as `infolib gaps` shows it")
    mark = topic.add_mutually_exclusive_group()
    mark.add_argument("--gap", dest="mark", action="store_const", const=True, default=...,
                      help="a gap, whatever the research says")
    mark.add_argument("--covered", dest="mark", action="store_const", const=False,
                      help="covered, whatever the research says")
    mark.add_argument("--auto", dest="mark", action="store_const", const=None,
                      help="let the research decide again")
    topic.add_argument("--importance", type=int, metavar="N", help="1 (nice to know) to 5")
    _workbook_arg(topic)

    questions = commands.add_parser(
        "questions", help="the ranked questions for a meeting",
        description="Plan the ranked, open questions for a meeting from the gap list; the plan "
                    "is stored per field and contact and kept as you edit it.")
    _field_arg(questions)
    questions.add_argument("--minutes", type=int, default=None, metavar="M",
                           help="length of the meeting (default: the stored plan's, else 20)")
    questions.add_argument("--contact", default="", metavar="NAME", help="who you will meet")
    questions.add_argument("--role", default="", metavar="ROLE", help="the contact's role")
    questions.add_argument("--tiara", action="store_true",
                           help="order as Trends, Insights, Advice, Resources, Assignments "
                                "(a stored plan keeps its order until --rebuild)")
    questions.add_argument("--add", action="append", default=[], metavar="QUESTION",
                           help="add a question of your own (checked; repeatable)")
    questions.add_argument("--rebuild", action="store_true",
                           help="plan again from the gap list (your own questions are kept)")
    questions.add_argument("--sheet", type=Path, metavar="FILE",
                           help="also write the printable question sheet (HTML, two copies)")
    questions.add_argument("--organisation", default=None, metavar="NAME|URL",
                           help="the organisation the meeting is at, when the field has "
                                "several (default: the contact's, else the first researched)")
    questions.add_argument("--json", action="store_true", help="print a JSON list")
    _workbook_arg(questions)

    check = commands.add_parser(
        "check", help="check one question (open, not already answered, not a job request)",
        description="Check a question; with --field, also against that field's research. "
                    "Exit status 1 when it needs work.")
    check.add_argument("question")
    check.add_argument("--field", metavar="NAME", help="also check against this field's research")
    _workbook_arg(check)

    checklist = commands.add_parser(
        "checklist", help="create the editable research checklist of a field",
        description="Create checklists/<field>.toml in the workbook, where the packaged "
                    "research checklist can be extended or changed for one field.")
    _field_arg(checklist)
    _workbook_arg(checklist)


def _print(result, as_json: bool = False, data=None) -> int:
    """Print ``result.to_text()``, or with ``as_json`` its JSON (``data``, default its
    ``to_dict()``); text is made terminal-safe once more here (D11)."""
    if as_json:
        print(terminal_json(result.to_dict() if data is None else data, indent=2))
    else:
        print(terminal_safe(result.to_text()))
    return EXIT_OK


def _print_research(result, as_json: bool) -> None:
    print(terminal_json(result.to_dict(), indent=2) if as_json else result.to_text())


def _book(args):
    from infolib.store.workbook import Workbook

    return Workbook(args.workbook)


# -- ① research ----------------------------------------------------------------------------------

def _research(args) -> int:
    from infolib.research.company import research_company

    urls = args.url if isinstance(args.url, list) else [args.url]
    if len(urls) > 1:
        return _research_many(urls, args)
    result = research_company(urls[0], args.field, workbook=args.workbook,
                              max_pages=args.max_pages, max_depth=args.max_depth,
                              delay=args.delay, progress=not (args.quiet or args.json),
                              refresh=args.refresh)
    if result.ok or args.json:
        _print_research(result, args.json)
    if not result.ok:  # the site could not be read: nothing found, the attempt recorded
        print(terminal_safe(f"Error: {result.crawl.error}"), file=sys.stderr)
        kept = _book(args).research.latest_crawl_id(result.field)
        print(terminal_safe(
            f"Recorded as a failed attempt (skipped URLs kept: {len(result.crawl.skipped)}); "
            + (f"{result.field!r} keeps its earlier research." if kept is not None else
               f"no research is stored for {result.field!r} yet.")), file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _research_many(urls: list[str], args) -> int:
    from infolib.research.company import research_companies

    try:
        results = research_companies(urls, args.field, workbook=args.workbook,
                                     max_pages=args.max_pages, max_depth=args.max_depth,
                                     delay=args.delay, progress=not (args.quiet or args.json),
                                     refresh=args.refresh)
    except KeyboardInterrupt:
        print(f"Interrupted: the sites read to the end are stored, the others are not; "
              f"`infolib research … --field {args.field!r}` again reads what is missing.",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    print(terminal_json(results.to_dict(), indent=2) if args.json else results.to_text())
    if results.failed:  # each recorded as a failed attempt; the others are stored
        print(terminal_safe(
            f"Error: {len(results.failed)} of {len(results)} sites could not be read: "
            + "; ".join(f"{r.crawl.start_url} ({r.crawl.error})" for r in results.failed)
            + " Each is recorded as a failed attempt; the others are stored."), file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _demo(args) -> int:
    from infolib.demo.site import serve_demo

    with serve_demo() as site:
        print(f"Serving the demo company at {site.url}", file=sys.stderr)
        args.url = site.url
        return _research(args)


def _show(args) -> int:
    _print_research(_book(args).research.load(args.field), args.json)
    return EXIT_OK


def _changes(args) -> int:
    from infolib.research.changes import changes

    return _print(changes(args.field, since=args.since, workbook=args.workbook), args.json)


def _fields(args) -> int:
    from infolib.fields import field_progress

    return _print(field_progress(args.workbook))


def _new(args) -> int:
    from infolib.fields import SERIES, lab_command, new_field

    folder = new_field(args.field, company=args.company, role=args.role, contact=args.contact,
                       minutes=args.minutes, workbook=args.workbook, force=args.force,
                       me=args.me, email=args.email)
    book = folder.parent.parent
    several = f" with {len(args.company)} organisations" if len(args.company) > 1 else ""
    print(terminal_safe(f"Created the field {args.field!r}{several} and its notebooks in "
                        f"{folder}."))
    print(terminal_safe(f"Open them in JupyterLab with:  {lab_command(book)}"))
    print(terminal_safe(f"  then {folder.relative_to(book) / SERIES[0]}.ipynb; run 01 to 06 in "
                        "order."))
    if args.contact and not args.me and _book(args).contacts.seeker() is None:
        print("Notebook 04 drafts your request, signed by you: add --me NAME --email E, or run "
              "`infolib me NAME EMAIL` before it.")
    return EXIT_OK


# -- ② planning ----------------------------------------------------------------------------------

def _gaps(args) -> int:
    from infolib.planning.gaps import find_gaps

    gap_list = find_gaps(args.field, workbook=args.workbook, threshold=args.threshold,
                         compensation=args.compensation, organisation=args.organisation)
    return _print(gap_list, args.json, gap_list.to_list())


def _goal(args) -> int:
    from infolib.planning.gaps import add_goal

    return _print(add_goal(args.field, args.text, outcome=args.outcome,
                           importance=args.importance, workbook=args.workbook))


def _topic(args) -> int:
    from infolib.planning.gaps import mark_topic

    importance = ... if args.importance is None else args.importance
    if args.mark is ... and importance is ...:
        print("Error: say what to change: --gap, --covered, --auto or --importance N.",
              file=sys.stderr)
        return EXIT_USAGE
    return _print(mark_topic(args.field, args.topic, gap=args.mark, importance=importance,
                             workbook=args.workbook))


def _questions(args) -> int:
    from infolib.planning.questions import last_worked_on, plan_questions, stored_plan

    contact, which = args.contact, ""
    if not contact:  # the plan the user last worked on (e.g. in notebook 03), not a new one
        contact = last_worked_on(args.field, workbook=args.workbook)
        if contact:
            which = (f"The plan last worked on: the meeting with {contact} "
                     f"(--contact NAME for another).")
    # what is not given is the stored plan's, so looking at a plan never rebuilds it
    stored = stored_plan(args.field, contact, workbook=args.workbook)
    minutes = args.minutes if args.minutes is not None else stored.minutes if stored else 20
    order = "tiara" if args.tiara else stored.order if stored and not args.rebuild else \
        "priority"
    plan = plan_questions(args.field, workbook=args.workbook, minutes=minutes,
                          contact=contact, role=args.role, order=order, questions=args.add,
                          rebuild=args.rebuild, organisation=args.organisation)
    if args.sheet:
        plan.save_sheet(args.sheet)
    if which and not args.json:
        print(which)
    _print(plan, args.json, plan.to_list())
    if args.sheet and not args.json:
        print(f"Question sheet (two copies): {args.sheet}")
    return EXIT_OK


def _check(args) -> int:
    from infolib.planning.questions import check_with_research

    result = check_with_research(args.question, args.field, workbook=args.workbook)
    _print(result)
    return EXIT_OK if result.ok else EXIT_FAILED  # the question needs work


def _checklist(args) -> int:
    from infolib.planning.checklist import create_field_checklist

    path = create_field_checklist(args.field, workbook=args.workbook)
    print(f"Edit {path}, then run `infolib gaps --field {args.field!r}` again.")
    return EXIT_OK


# -- ③ contacts and the interview log ------------------------------------------------------------

def _import_linkedin(args) -> int:
    from infolib.outreach.contacts import import_linkedin

    print(terminal_safe(import_linkedin(args.file, workbook=_book(args)).to_text()))
    return EXIT_OK


def _import_contacts(args) -> int:
    from infolib.outreach.contacts import import_contacts

    print(terminal_safe(import_contacts(args.file, workbook=_book(args)).to_text()))
    return EXIT_OK


def _export(args) -> int:
    from infolib.store.backup import export_workbook

    print(f"Exported to {export_workbook(args.folder, workbook=_book(args))}")
    return EXIT_OK


def _restore(args) -> int:
    from infolib.store.backup import restore_workbook

    book = _book(args)
    counts = restore_workbook(args.folder, workbook=book)
    print(f"Restored {sum(counts.values())} rows in {len(counts)} tables into {book.folder}.")
    return EXIT_OK


def _contacts(args) -> int:
    from infolib.outreach.contacts import contact_list

    contacts = contact_list(args.field, at_targets=args.at_targets, workbook=_book(args))
    return _print(contacts, args.json, contacts.to_list())


def _contact(args) -> int:
    contact_id = _book(args).contacts.add(
        args.name, organisation=args.org, role=args.role, email=args.email, phone=args.phone,
        profile_url=args.url, how_found=args.found, referred_by=args.referred_by or None,
        field=args.field or None, notes=args.notes)
    print(f"Added {args.name} (contact {contact_id}).")
    return EXIT_OK


def _outreach(args) -> int:
    done = _book(args).log.add_outreach(args.contact, args.channel, kind=args.kind,
                                        sent=args.sent, note=args.note)
    print(f"Logged message {done} to {args.contact}.")
    return EXIT_OK


def _replied(args) -> int:
    _book(args).log.mark_replied(args.contact, on=args.on)
    print(f"Logged the reply of {args.contact}.")
    return EXIT_OK


def _meeting(args) -> int:
    done = _book(args).log.add_meeting(args.contact, args.when, mode=args.mode,
                                       place=args.place, minutes=args.minutes, field=args.field)
    print(f"Logged meeting {done} with {args.contact}; add notes with "
          f"`infolib note {done} TEXT`.")
    return EXIT_OK


def _note(args) -> int:
    from infolib.planning.meetings import take_note

    kind = args.kind or ("answer" if args.question.strip() else "insight")
    taken = take_note(args.meeting, args.text, kind=kind, question=args.question or None,
                      workbook=_book(args))
    print(terminal_safe(taken.to_text()))
    return EXIT_OK


def _referral(args) -> int:
    _book(args).log.add_referral(args.from_contact, args.to_contact, dated=args.on)
    print(f"Logged: {args.from_contact} referred you to {args.to_contact}.")
    return EXIT_OK


def _outcome(args) -> int:
    _book(args).log.add_outcome(args.kind, contact=args.contact or None, field=args.field,
                                dated=args.on, why=args.why)
    print(f"Logged the outcome {args.kind}.")
    return EXIT_OK


def _remove(args) -> int:
    removed = _book(args).log.remove(args.kind, args.id)
    print(f"Removed {removed}.")
    return EXIT_OK


def _me(args) -> int:
    _book(args).contacts.set_seeker(args.name, args.email, phone=args.phone,
                                    profile_url=args.url, background=args.background)
    print(f"Your drafts will be signed by {args.name}.")
    return EXIT_OK


# -- ④ outreach, ⑥ referrals, ⑦ the brief -----------------------------------------------------

def _draft(args) -> int:
    from infolib.outreach.drafts import draft_email

    return _print(draft_email(args.kind, args.contact, workbook=_book(args), field=args.field,
                              minutes=args.minutes, most_helpful=args.most_helpful,
                              progress=args.progress, advice_effect=args.advice_effect,
                              resume=args.resume, folder=args.out))


def _reminders(args) -> int:
    from infolib.outreach.reminders import reminder_list

    due = reminder_list(workbook=_book(args), today=args.today, country=args.country,
                        subdiv=args.subdiv)
    if args.ics:
        due.save_ics(args.ics)
    _print(due, args.json, due.to_list())
    if args.ics:
        print(f"Calendar written to {args.ics}", file=sys.stderr)
    return EXIT_OK


def _referrals(args) -> int:
    from infolib.referrals import analyse_referrals

    result = analyse_referrals(workbook=_book(args))
    plots = args.plots and not result.empty
    if plots:
        result.save_plots(args.plots, prefix="referrals-")
    _print(result, args.json)
    if plots and not args.json:
        print(f"\nCharts saved in {args.plots}")
    return EXIT_OK


def _brief(args) -> int:
    from infolib.brief import make_brief

    path = make_brief(args.field, to=args.to, out=args.out, contact=args.contact,
                      workbook=_book(args), organisation=args.organisation)
    print(f"Wrote the brief: {path}")
    return EXIT_OK


# -- the demo ------------------------------------------------------------------------------------

def _journey(args) -> int:
    from infolib.demo.journey import run_demo_journey

    return _print(run_demo_journey(args.out, workbook=args.workbook, pdf=not args.no_pdf))


def _demo_log(args) -> int:
    from infolib.demo.log import load_demo_log

    counts = load_demo_log(workbook=_book(args))
    if not counts:
        print("The demo interview log is already in this workbook.")
    else:
        print("Loaded the demo interview log: " + ", ".join(f"{n} {t}" for t, n in
                                                            counts.items()) + ".")
    return EXIT_OK


COMMANDS = {"research": _research, "demo": _demo, "show": _show, "changes": _changes,
            "fields": _fields, "new": _new,
            "gaps": _gaps, "goal": _goal, "topic": _topic, "questions": _questions,
            "check": _check, "checklist": _checklist, "import-linkedin": _import_linkedin,
            "import-contacts": _import_contacts, "export": _export, "restore": _restore,
            "contacts": _contacts, "contact": _contact, "outreach": _outreach,
            "replied": _replied, "meeting": _meeting, "note": _note, "referral": _referral,
            "outcome": _outcome, "me": _me, "draft": _draft, "reminders": _reminders,
            "referrals": _referrals, "demo-log": _demo_log, "journey": _journey,
            "brief": _brief, "remove": _remove}


def main(argv: list[str] | None = None) -> int:
    from infolib.errors import InfolibError

    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if not args.verbose:
        logging.getLogger("requests_cache").setLevel(logging.ERROR)
    try:
        return COMMANDS[args.command](args)
    except InfolibError as exc:
        print(terminal_safe(f"Error: {exc}"), file=sys.stderr)
        return exc.exit_code  # by kind: see infolib.errors and `infolib --help`
    except BrokenPipeError:  # e.g. `infolib show … | head`
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("Interrupted; nothing from this run was stored.", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
