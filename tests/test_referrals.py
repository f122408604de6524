"""The referral analysis on the demo log and on small, odd logs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from infolib import analyse_referrals, load_demo_log


@pytest.fixture
def demo_log(workbook):
    counts = load_demo_log(workbook=workbook)
    assert 30 <= counts["contacts"] <= 60 and counts["referrals"] >= 10
    assert load_demo_log(workbook=workbook) == {}  # once only
    return workbook


def test_the_demo_log_analysed(demo_log):
    result = analyse_referrals(workbook=demo_log)
    funnel = dict(zip(result.funnel["stage"], result.funnel["count"], strict=True))
    assert list(funnel) == ["contacted", "replied", "met", "referred", "formal interview",
                            "offer"]
    counts = list(funnel.values())
    assert counts == sorted(counts, reverse=True) and counts[0] == len(result.contacts)
    assert funnel["offer"] >= 1
    top = result.contacts.iloc[0]
    assert top["direct_referrals"] >= 2 and top["indirect_referrals"] >= 1
    # indirect referrals follow chains: the graph's descendants minus the direct ones
    import networkx as nx

    node = int(top["id"])
    assert top["indirect_referrals"] == len(nx.descendants(result.graph, node)) - \
        top["direct_referrals"]
    by_source = result.by_source.set_index("name")
    assert by_source.loc["referral", "contacted"] >= 10
    assert set(result.by_channel["name"]) <= {"email", "linkedin", "phone", "post", "in_person"}
    assert (result.by_source["rate"] == result.by_source["referred"] /
            result.by_source["contacted"]).all()
    assert set(result.reply_labels["label"]) <= {"booster", "obligate", "curmudgeon", "waiting"}
    assert result.first_referral_days is not None and result.first_referral_days > 0
    page = result._repr_html_()
    assert page.count("data:image/png;base64,") == 3


def test_nothing_logged_yet_is_a_clear_message(workbook):
    result = analyse_referrals(workbook=workbook)
    assert result.empty and "Nothing logged yet" in result.headline()
    assert result.to_dict()["funnel"] == [] or all(
        row["count"] == 0 for row in result.to_dict()["funnel"])
    assert "Nothing logged yet" in result._repr_html_()


def test_self_referral_cycles_and_deleted_referrers_are_reported(workbook):
    names = ["Ada Example", "Ben Sample", "Cara Demo", "Dan Person"]
    ids = {n: workbook.contacts.add(n) for n in names}
    for name in names:
        workbook.log.add_outreach(ids[name], sent="2026-03-02")
    workbook.log.add_referral(ids["Ada Example"], ids["Ben Sample"])
    workbook.log.add_referral(ids["Ben Sample"], ids["Cara Demo"])
    workbook.log.add_referral(ids["Cara Demo"], ids["Ada Example"])  # a cycle
    workbook.log.add_referral(ids["Dan Person"], ids["Dan Person"])  # themselves
    gone = workbook.contacts.add("Eve Gone")
    workbook.log.add_referral(gone, ids["Dan Person"])
    workbook.contacts.delete(gone)
    result = analyse_referrals(workbook=workbook)  # ends: no infinite loop
    text = " ".join(result.issues)
    assert "cycle" in text and "Ada Example, Ben Sample, Cara Demo" in text
    assert "themselves" in text and "Dan Person" in text
    assert "Eve Gone (since deleted)" in text
    ada = result.contacts.set_index("name").loc["Ada Example"]
    assert (ada["direct_referrals"], ada["indirect_referrals"]) == (1, 1)
    assert result.tree_plot() is not None


def test_referrals_json_from_the_cli(demo_log, tmp_path):
    folder = str(demo_log.folder)
    demo_log.close()
    done = subprocess.run([sys.executable, "-m", "infolib.cli", "referrals", "--json",
                           "--plots", str(tmp_path), "--workbook", folder],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    contact = data["contacts"][0]
    assert {"name", "direct_referrals", "indirect_referrals", "led_to"} <= set(contact)
    assert set(contact["led_to"]) == {"meetings", "formal_interviews", "offers"}
    assert [row["stage"] for row in data["funnel"]][0] == "contacted"
    for key in ("by_channel", "by_source"):
        assert {"name", "contacted", "replied", "met", "referred", "rate"} <= set(data[key][0])
    assert sorted(p.name for p in tmp_path.glob("*.png")) == [
        "referrals-conversion.png", "referrals-funnel.png", "referrals-tree.png"]


def test_which_questions_worked_by_topic_and_by_kind(workbook):
    """Two meetings with planned questions: what each question drew, and the referral that
    followed one of the meetings, counted per topic and per kind of question."""
    from infolib.planning.meetings import take_note
    from infolib.planning.questions import PlannedQuestion, QuestionPlan

    field = "Tidal energy"
    workbook.ensure_field(field)
    for name in ("Ada Example", "Ben Sample", "Cora Third"):
        workbook.contacts.add(name, organisation="Fellside Tidal", field=field)
    asked = [("I read that you opened a test berth; what changed for the crews?",
              "strategy_news", "grounded"),
             ("What does a typical week look like for you?", "day_to_day", "gap"),
             ("Who else would you suggest I talk to?", "closing", "closing")]
    for name in ("Ada Example", "Ben Sample"):
        workbook.planning.save_plan(QuestionPlan(
            field=field, contact=name, role="", organisation="Fellside Tidal", minutes=20,
            order="priority", questions=[PlannedQuestion(text=t, topic=topic, kind=kind,
                                                         minutes=2.5, rank=i)
                                         for i, (t, topic, kind) in enumerate(asked, 1)]))
    ada = workbook.log.add_meeting("Ada Example", "2026-05-04 10:00", field=field)
    ben = workbook.log.add_meeting("Ben Sample", "2026-05-06 10:00", field=field)
    take_note(ada, "Crews now train on the berth first.", question=1, workbook=workbook)
    take_note(ada, "Talk to Cora", kind="lead", question=3, workbook=workbook)
    take_note(ben, "Night shifts on the berth.", question=1, workbook=workbook)
    take_note(ben, "Learn to read tide tables.", kind="advice", question=2, workbook=workbook)
    workbook.log.add_referral("Ada Example", "Cora Third", dated="2026-05-05")
    result = analyse_referrals(workbook=workbook)

    by_kind = result.questions_by_kind.set_index("kind")
    assert list(by_kind.index) == ["grounded", "closing", "gap"]  # most often answered first
    assert by_kind.loc["grounded", ["asked", "drew", "answer"]].tolist() == [2, 2, 2]
    assert by_kind.loc["gap", ["asked", "drew", "advice"]].tolist() == [2, 1, 1]
    assert by_kind.loc["closing", ["asked", "drew", "lead"]].tolist() == [2, 1, 1]
    # Ada referred someone on after her meeting; Ben did not
    assert by_kind["referred"].tolist() == [1, 1, 1]
    assert by_kind.loc["gap", "drew_rate"] == 0.5
    by_topic = result.questions_by_topic.set_index("topic")
    assert by_topic.loc["Strategy and recent news", "drew_rate"] == 1.0
    assert by_topic.loc["closing questions", "referred_rate"] == 0.5
    text = result.to_text()
    assert "Which questions worked, by kind of question:" in text and "100%" in text
    data = result.to_dict()
    assert {r["kind"] for r in data["questions_by_kind"]} == {"grounded", "gap", "closing"}


def test_the_demo_log_shows_which_questions_worked_and_an_empty_log_nothing(demo_log):
    """The demo log's grid software contacts had plans (one grounded question, one of yours,
    three gap questions and the closing one each); a workbook without any has empty tables."""
    result = analyse_referrals(workbook=demo_log)
    kinds = result.questions_by_kind.set_index("kind")
    assert set(kinds.index) == {"grounded", "gap", "yours", "closing"}
    met = kinds.loc["closing", "asked"]
    assert met >= 3 and kinds.loc["grounded", "asked"] == kinds.loc["yours", "asked"] == met
    assert kinds.loc["gap", "asked"] == 3 * met
    assert (kinds["asked"] >= kinds["drew"]).all() and kinds.loc["closing", "lead"] >= 1
    empty = analyse_referrals(workbook=demo_log.folder.parent / "empty")
    assert empty.questions_by_kind.empty and empty.to_dict()["questions_by_topic"] == []
