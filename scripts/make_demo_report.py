"""Generate the demo annual report PDF for the fictional company in data/demo/site.

Larkspur Grid Systems Ltd is invented for infolib's demo and tests; every name and
figure below is made up. The output is deterministic (fixed creation date and
metadata), so re-running this script should not change the committed file.

Usage:
    .venv/bin/python scripts/make_demo_report.py

Requires fpdf2. Only Latin-1 characters are used, as the PDF core fonts need.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT = REPO_ROOT / "data" / "demo" / "site" / "reports" / "annual-report-2025.pdf"

CREATION_DATE = datetime(2026, 4, 15, 9, 0, 0, tzinfo=UTC)

COMPANY = "Larkspur Grid Systems Ltd"
TITLE = "Annual Report 2025"

LETTER = [
    "Dear shareholders, colleagues and customers,",
    "2025 was the year in which Larkspur Grid Systems grew from a specialist supplier into "
    "a company that many battery owners now rely on every day. Revenue rose to £18.4 million, "
    "up from £12.9 million in 2024, and by the end of December 2.1 GWh of grid-scale battery "
    "storage was reporting to GridPilot. We finished the year with 140 employees across our "
    "offices in Bristol and Lyon.",
    "The most important moment of the year was the release of GridPilot 3 in November. For "
    "the first time, our customers can forecast how the state of health of an entire fleet "
    "will change under different ways of operating it. Early feedback has been encouraging, "
    "and several asset managers are already using the forecasts in their refinancing "
    "discussions.",
    "We also learned some hard lessons. Two large projects were delayed by grid connection "
    "works outside our control, and sensor component costs rose more than we expected in the "
    "first half of the year. We responded by redesigning the CellSense gateway to use fewer "
    "parts, and by building a deeper pipeline of projects so that a single delay has less "
    "effect on our results.",
    "None of this would have been possible without the people of Larkspur. Thank you for "
    "your care, your rigour and your patience with a company that is still learning how to "
    "grow up.",
    "Maya Okonkwo-Reid",
    "Co-founder and Chief Executive Officer",
]

REVIEW = [
    "Revenue for the year was £18.4 million (2024: £12.9 million). Recurring software and "
    "monitoring revenue accounted for 63 per cent of the total, with the remainder coming "
    "from CellSense hardware, commissioning and training.",
    "Storage under monitoring reached 2.1 GWh at 31 December 2025, across 61 sites in the "
    "United Kingdom, France, Denmark and Sweden. Headcount grew from 104 to 140 employees, "
    "with most new roles in software engineering and field operations.",
    "We shipped GridPilot 3 with fleet-wide state-of-health forecasting, and installed more "
    "than 90,000 CellSense sensors, our highest annual total so far.",
]

STRATEGY = [
    "Our strategy rests on three priorities. First, we will deepen GridPilot's forecasting "
    "and reporting so that it becomes the reference record of battery health for owners, "
    "lenders and insurers. Second, we will expand in the Nordic region, where demand for "
    "battery storage is growing quickly; we plan to open an office in Aarhus, Denmark, in "
    "2026. Third, we will keep improving the cost and reliability of CellSense so that "
    "cell-level monitoring becomes standard on new sites.",
    "We expect revenue to grow again in 2026 and plan to raise further capital during the "
    "year to fund this growth. We expect to remain loss-making while we invest.",
]

RISKS = [
    "Grid connection delays: customer projects can slip for reasons outside our control, "
    "moving revenue between periods.",
    "Supply chain: sensor components and radio modules may become scarce or more expensive.",
    "Competition: battery manufacturers increasingly offer their own monitoring software.",
    "Cyber security: GridPilot connects to critical infrastructure, so a security incident "
    "could harm customers and our reputation.",
    "People: our growth depends on hiring and keeping skilled engineers and field staff.",
]


class ReportPDF(FPDF):
    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-15)
        self.set_font("Helvetica", "I", 8)
        self.cell(0, 10, f"{COMPANY} - {TITLE} - page {self.page_no()}", align="C")


def heading(pdf: FPDF, text: str) -> None:
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font("Helvetica", "", 10.5)


def paragraph(pdf: FPDF, text: str) -> None:
    pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2.5)


def build() -> FPDF:
    pdf = ReportPDF(format="A4")
    pdf.set_creation_date(CREATION_DATE)
    # Document metadata is Unicode, so the title can use an em dash; page text cannot.
    pdf.set_title(f"{COMPANY} \u2014 {TITLE}")
    pdf.set_author(COMPANY)
    pdf.set_subject("Annual report for the year ended 31 December 2025")
    pdf.set_creator("infolib scripts/make_demo_report.py")
    pdf.set_margins(22, 22, 22)
    pdf.set_auto_page_break(True, margin=20)

    # Page 1: title page
    pdf.add_page()
    pdf.ln(60)
    pdf.set_font("Helvetica", "B", 24)
    pdf.multi_cell(0, 12, COMPANY, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 12, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("Helvetica", "", 13)
    pdf.multi_cell(
        0,
        7,
        "Software and sensors for grid-scale battery storage",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(40)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(
        0,
        5.5,
        "Registered office: Unit 3, 41 Ropewalk Quay, Bristol BS1 6LQ, United Kingdom\n"
        "Registered in England and Wales, company number 10123456\n"
        "Published April 2026",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )

    # Page 2: letter from the chief executive
    pdf.add_page()
    heading(pdf, "Letter from the Chief Executive")
    for text in LETTER:
        paragraph(pdf, text)

    # Page 3: year in review, strategy and outlook, risks
    pdf.add_page()
    heading(pdf, "The year in review")
    for text in REVIEW:
        paragraph(pdf, text)
    heading(pdf, "Strategy and outlook")
    for text in STRATEGY:
        paragraph(pdf, text)
    heading(pdf, "Principal risks")
    for text in RISKS:
        paragraph(pdf, f"- {text}")
    return pdf


def main() -> None:
    pdf = build()
    if pdf.page_no() != 3:
        raise SystemExit(f"expected 3 pages, got {pdf.page_no()}")
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(OUTPUT))
    print(f"wrote {OUTPUT.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
