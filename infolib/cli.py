"""The command line: open, call one infolib function, print, exit. The only module that
prints or exits."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from infolib._version import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _workbook_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workbook", metavar="DIR", type=Path, default=None,
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="infolib",
        description="Research workbook for informational interviews.")
    parser.add_argument("--version", action="version", version=f"infolib {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what the crawl does")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    research = commands.add_parser(
        "research", help="crawl an organisation's public pages; store a sourced profile",
        description="Politely crawl an organisation's public pages, build a sourced profile "
                    "and summary, and store them in the workbook.")
    research.add_argument("url", help="the organisation's web address (http or https)")
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

    fields = commands.add_parser("fields", help="list the target fields in the workbook",
                                 description="List the target fields in the workbook.")
    _workbook_arg(fields)
    return parser


def _print_research(result, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    p = result.profile
    print(result.headline())
    for key in ("name", "description", "founded", "headquarters", "employees", "mission"):
        if p.value(key):
            print(f"  {key:13} {p.value(key)}")
    if p.people:
        print("  people        " + "; ".join(f"{x.name} ({x.role})" if x.role else x.name
                                             for x in p.people))
    if p.products:
        print("  products      " + "; ".join(x.name for x in p.products))
    if p.news:
        print("  recent news   " + "; ".join(f"{n.published or '?'} {n.title}"
                                             for n in p.news[:3]))
    if p.open_roles:
        print("  open roles    " + "; ".join(r.title for r in p.open_roles))
    if result.summary:
        print("Summary:")
        for sentence in result.summary:
            print(f"  - {sentence.text}")
    if result.workbook is not None:
        print(f"Stored in {result.workbook.folder} (crawl {result.crawl_id}); "
              f"see the pages with: infolib show --field {result.field!r}")


def _research(args) -> int:
    from infolib.research.company import research_company

    result = research_company(args.url, args.field, workbook=args.workbook,
                              max_pages=args.max_pages, max_depth=args.max_depth,
                              delay=args.delay, progress=not (args.quiet or args.json),
                              refresh=args.refresh)
    _print_research(result, args.json)
    if not result.ok:
        print(f"Error: {result.crawl.error}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _demo(args) -> int:
    from infolib.demo import serve_demo

    with serve_demo() as site:
        print(f"Serving the demo company at {site.url}", file=sys.stderr)
        args.url = site.url
        code = _research(args)
    return code


def _show(args) -> int:
    from infolib.store.workbook import Workbook

    result = Workbook(args.workbook).load_research(args.field)
    _print_research(result, args.json)
    return EXIT_OK


def _fields(args) -> int:
    from infolib.store.workbook import Workbook

    frame = Workbook(args.workbook).fields()
    if frame.empty:
        print("No fields yet: start one with `infolib research URL --field NAME`.")
    else:
        print(frame.to_string(index=False))
    return EXIT_OK


COMMANDS = {"research": _research, "demo": _demo, "show": _show, "fields": _fields}


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
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, ValueError) else EXIT_FAILED
    except BrokenPipeError:  # e.g. `infolib show … | head`
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("Interrupted; nothing from this run was stored.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
