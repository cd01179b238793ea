"""The classifier reads negation, pseudo-negation, contrast, hedges, tense and replies."""

from __future__ import annotations

import pytest

from interviewbot.core.classify import classify, percents, tokenize

PP, MI, R, AC = (
    "plans_procedures",
    "measurement_improvement",
    "responsibility",
    "awareness_communication",
)


def readings(bank, text, process, question=None):
    q = bank.question(question) if question else None
    return classify(bank, text, process, q)


def pol(ev, criterion, word):
    return {e.polarity for e in ev if e.criterion == criterion and e.text.lower() == word}


@pytest.mark.parametrize(
    "text,process,criterion,word,polarity",
    [
        ("Unfortunately, there is no OLA.", "slm", PP, "ola", "negative"),
        (
            "There is no CMDB, but there are implemented activities.",
            "configuration",
            PP,
            "cmdb",
            "negative",
        ),
        (
            "There is no CMDB, but there are implemented activities.",
            "configuration",
            AC,
            "implemented",
            "positive",
        ),  # the contrast ends the negation's scope
        ("Not only monthly reports but also a survey.", "slm", MI, "monthly reports", "positive"),
        ("Not only monthly reports but also a survey.", "slm", MI, "survey", "positive"),
        ("Nobody really owns change approval.", "change", R, "owns", "negative"),
        ("We plan to introduce KPIs next year.", "csi", MI, "kpis", "negative"),
        ("There was an OLA, but it expired.", "slm", PP, "ola", "negative"),
        ("No change goes live without approval.", "change", R, "approval", "positive"),
        ("We have no plan and no KPIs.", "capacity", MI, "kpis", "negative"),
        ("The CMDB is missing.", "configuration", PP, "cmdb", "negative"),
        ("No doubt we measure the service quality.", "csi", MI, "measure", "positive"),
        ("No, but we have a documented procedure.", "change", PP, "documented", "positive"),
        # neither ... nor is one negation, not two
        (
            "Neither the desk nor second line has a written procedure.",
            "incident",
            PP,
            "procedure",
            "negative",
        ),
        ("It's no secret that we track KPIs every week.", "csi", MI, "kpis", "positive"),
        (
            "We are about to appoint a configuration manager.",
            "configuration",
            R,
            "configuration manager",
            "negative",
        ),
    ],
)
def test_context_readings(bank, text, process, criterion, word, polarity):
    assert pol(readings(bank, text, process), criterion, word) == {polarity}


def test_whole_words_only(bank):
    ev = readings(bank, "We had no violations of the solar panels.", "slm")
    assert not [e for e in ev if e.text.lower() == "ola"]


def test_hedges_weaken(bank):
    plain = readings(bank, "Changes are documented.", "change")
    hedged = readings(bank, "Changes are partly documented.", "change")
    (p,), (h,) = ([e for e in x if e.criterion == PP] for x in (plain, hedged))
    assert h.rule == "hedge" and h.trigger == "partly"
    assert h.strength == pytest.approx(p.strength * bank.lexicon.context.hedges["partly"])


def test_used_to_have_no_plan_now_we_do(bank):
    ev = readings(bank, "We used to have no plan; now we do.", "capacity")
    (e,) = [e for e in ev if e.criterion == PP]
    assert (e.polarity, e.rule) == ("positive", "present-ellipsis")


def test_a_bare_no_negates_the_question_focus(bank):
    ev = readings(bank, "No.", "slm", "slm.4")
    assert [(e.criterion, e.polarity, e.rule) for e in ev] == [(PP, "negative", "reply-no")]
    assert percents(bank, ev)[PP] == 0.0


def test_spans_point_at_the_words(bank):
    text = "Honestly, our SLA is [bold]fine[/]."
    for e in readings(bank, text, "slm"):
        assert text[e.start : e.end] == e.text


def test_nothing_known_is_unassessed(bank):
    assert set(percents(bank, readings(bank, "The weather was nice.", "slm")).values()) == {None}


def test_tokenize_keeps_offsets():
    toks = tokenize("It's the on-call rota\u2019s job.")
    assert [t.norm for t in toks][:3] == ["it's", "the", "on-call"]


def test_measurement_without_evaluation_or_improvement_is_at_most_partial(bank):
    only_figures = readings(bank, "We have KPIs and monthly reports with ticket numbers.", "csi")
    assert percents(bank, only_figures)[MI] == 50.0
    with_loop = readings(
        bank, "We have KPIs and monthly reports, and we improve the process from them.", "csi"
    )
    assert percents(bank, with_loop)[MI] > 80


def test_practice_implies_awareness(bank):
    ev = readings(
        bank, "The change manager approves every change by the documented procedure.", "change"
    )
    implied = [e for e in percents.__globals__["implied"](bank, ev)]
    assert {e.family for e in implied} == {
        "implied-by-responsibility",
        "implied-by-plans_procedures",
    }
    assert percents(bank, ev)[AC] > 50


def test_a_hedged_yes_is_a_hedged_reply(bank):
    (e,) = readings(bank, "Yes, to a certain extent.", "configuration", "configuration.1")
    assert (e.rule, e.polarity) == ("reply-yes", "positive")
    assert e.strength < bank.question("configuration.1").focus[AC]


def test_a_flat_no_to_a_process_question_counts_against_awareness(bank):
    ev = readings(bank, "No, not really.", "problem", "problem.1")
    implied = percents.__globals__["implied"](bank, ev)
    assert [(e.criterion, e.polarity, e.rule) for e in implied] == [
        (AC, "negative", "implied-awareness")
    ]
    # a denied artefact does not: "there is no OLA" says nothing about awareness
    assert not percents.__globals__["implied"](bank, readings(bank, "There is no OLA.", "slm"))


# Kinds of misreading found on the gold set (session 2), each fixed as a kind, not a case.


@pytest.mark.parametrize(
    "text,process,word",
    [
        ("Every call is logged in the tool.", "incident", "every call"),
        ("Each change goes through the board.", "change", "each change"),
        ("All incidents get a priority.", "incident", "all incidents"),
        ("The desk is staffed round the clock.", "service_desk", "round the clock"),
    ],
)
def test_a_practice_applied_to_every_case_shows_awareness(bank, text, process, word):
    assert pol(readings(bank, text, process), AC, word) == {"positive"}


def test_not_every_case_is_not_consistent_practice(bank):
    assert pol(readings(bank, "Not every change is logged.", "change"), AC, "every change") == {
        "negative"
    }


@pytest.mark.parametrize("trigger", ["no exceptions", "with no exceptions", "without exceptions"])
def test_no_exceptions_affirms_rather_than_negates(bank, trigger):
    text = f"Every request comes to me, {trigger}, and I decide what we do."
    assert pol(readings(bank, text, "slm"), R, "i decide") == {"positive"}


@pytest.mark.parametrize("trigger", ["supposed to", "meant to", "in theory"])
def test_what_should_happen_is_weaker_than_what_does(bank, trigger):
    plain = readings(bank, "The supervisor checks the priorities.", "incident")
    should = readings(bank, f"The supervisor is {trigger} check the priorities.", "incident")
    (p,), (s,) = ([e for e in x if e.criterion == MI] for x in (plain, should))
    assert (s.polarity, s.rule, s.trigger) == ("positive", "hedge", trigger)
    assert s.strength < p.strength / 2


def test_piloting_is_present_improvement_not_a_plan(bank):
    ev = readings(bank, "We pilot new tooling like AIOps alerting and measure the effect.", "csi")
    assert pol(ev, MI, "we pilot") == {"positive"}
    assert pol(ev, AC, "alerting") == {"positive"}


def test_documentation_kept_current_corroborates_it(bank):
    one = percents(bank, readings(bank, "We have a capacity plan.", "capacity"))[PP]
    kept = percents(
        bank, readings(bank, "We have a capacity plan. It is updated twice a year.", "capacity")
    )[PP]
    assert one < 80 < kept
    assert pol(readings(bank, "The plan is not up to date.", "capacity"), PP, "up to date") == {
        "negative"
    }


@pytest.mark.parametrize(
    "text,family",
    [
        ("I'm accountable for the continuity plan.", "ownership"),
        ("I am responsible for capacity.", "ownership"),
        ("I approve every change.", "approval"),
        ("I decide what gets done.", "approval"),
    ],
)
def test_first_person_accountability_is_ownership_or_approval(bank, text, family):
    assert {e.family for e in readings(bank, text, "change") if e.criterion == R} == {family}


def test_yet_as_so_far_does_not_end_a_negation(bank):
    ev = readings(bank, "What we don't do yet is check whether the forecast was right.", "capacity")
    assert pol(ev, MI, "check") == {"negative"}
    # as a conjunction it still ends the scope
    ev = readings(bank, "There is no CMDB, yet the activities are implemented.", "configuration")
    assert pol(ev, AC, "implemented") == {"positive"}


def test_a_review_evaluates_and_so_closes_the_measurement_loop(bank):
    ev = readings(
        bank, "We report resolution times weekly and each outage gets a review.", "incident"
    )
    assert {e.family for e in ev if e.criterion == MI} == {"indicators", "reporting", "evaluation"}
    assert percents(bank, ev)[MI] > 80  # not held at the measurement-only ceiling


@pytest.mark.parametrize(
    "text,process,criterion,word",
    [
        # "as soon as" holds "soon" but is no plan
        (
            "Workarounds go into the known error record as soon as we find them.",
            "problem",
            PP,
            "known error record",
        ),
        # a metric's name holds a past trigger ("abandoned") but is present measurement
        (
            "We report first-time fix and abandoned calls weekly.",
            "service_desk",
            MI,
            "first-time fix",
        ),
    ],
)
def test_a_longer_phrase_shadows_the_trigger_inside_it(bank, text, process, criterion, word):
    assert pol(readings(bank, text, process), criterion, word) == {"positive"}


# Kinds found on the second development set (tests/gold2, written by two other raters).


@pytest.mark.parametrize(
    "text,word",
    [
        ("Everybody knows the helpdesk number, it is on the induction sheet.", "everybody knows"),
        ("The ward staff know to use the downtime procedure.", "staff know"),
        ("The nurses know to call the desk.", "know to"),
        ("We share the workarounds in the team channel.", "we share"),
    ],
)
def test_people_knowing_and_sharing_is_awareness(bank, text, word):
    assert pol(readings(bank, text, "problem"), AC, word) == {"positive"}


def test_a_filler_is_not_awareness(bank):
    assert not [
        e for e in readings(bank, "Well, you know, it depends.", "problem") if e.criterion == AC
    ]


@pytest.mark.parametrize(
    "text,process,criterion,word",
    [
        ("A real BIA we have not done.", "itscm", AC, "bia"),
        ("A written plan we do not have yet.", "itscm", PP, "plan"),
        ("The test was never done.", "itscm", MI, "test"),
        ("We don't have a CMDB.", "configuration", PP, "cmdb"),  # still a pre-negation
    ],
)
def test_an_object_said_before_its_denial_is_denied(bank, text, process, criterion, word):
    assert pol(readings(bank, text, process), criterion, word) == {"negative"}


def test_a_comma_separates_two_negations(bank):
    assert pol(readings(bank, "No tickets, so no numbers.", "service_desk"), MI, "numbers") == {
        "negative"
    }
    assert pol(readings(bank, "We are not without a plan.", "capacity"), PP, "plan") == {"positive"}


def test_but_only_restricts_what_came_before(bank):
    ev = readings(
        bank, "The change manager evaluates afterwards, but only the big changes.", "change"
    )
    (e,) = [e for e in ev if e.criterion == MI]
    assert (e.rule, e.trigger) == ("hedge", "but only")


def test_whether_opens_a_clause_the_denial_does_not_reach(bank):
    ev = readings(bank, "We don't check whether the forecast was right.", "capacity")
    assert pol(ev, MI, "check") == {"negative"}
    assert pol(ev, PP, "forecast") == {"positive"}


def test_a_denied_artefact_pulls_awareness_down_less_than_its_own_criterion(bank):
    ev = readings(
        bank,
        "Every incident is logged and categorised, and everybody knows the priorities. "
        "There is no known error database and no written procedure.",
        "incident",
    )
    p = percents(bank, ev)
    assert p[AC] > 80 > p[PP]


def test_a_hedge_counts_its_missing_part_against_the_criterion(bank):
    full = percents(
        bank, readings(bank, "Changes are documented and follow a procedure.", "change")
    )
    gap = percents(
        bank,
        readings(bank, "Changes are documented and follow a procedure, but only partly.", "change"),
    )
    assert full[PP] > 80 and gap[PP] < full[PP]
    # on its own, a hedged mention is partial
    assert 10 < percents(bank, readings(bank, "Changes are partly documented.", "change"))[PP] <= 50


def test_dropped_is_past_only_as_discontinued(bank):
    fell = readings(
        bank, "Errors dropped 40 percent after we acted on the trend report.", "incident"
    )
    assert pol(fell, MI, "acted on") == {"positive"}
    stopped = readings(bank, "We dropped the monthly report last year.", "incident")
    assert pol(stopped, MI, "monthly report") == {"negative"}
    assert [e.rule for e in stopped if e.criterion == MI] == ["past"]


@pytest.mark.parametrize(
    "text",
    [
        "Where we fall short is acting on the survey comments.",
        "We are less good at acting on the findings.",
    ],
)
def test_where_a_practice_falls_short_is_denied(bank, text):
    assert pol(readings(bank, text, "service_desk"), MI, "acting on") == {"negative"}


@pytest.mark.parametrize(
    "text,process,satisfied",
    [
        ("There's a configuration manager.", "configuration", True),
        ("Major incidents have a dedicated incident commander.", "incident", True),
        ("The team does it.", "incident", False),  # a generic actor shows less
        ("The vendor does it.", "incident", False),
    ],
)
def test_a_role_of_the_process_is_responsibility_in_one_mention(bank, text, process, satisfied):
    assert (percents(bank, readings(bank, text, process))[R] > 80) == satisfied


@pytest.mark.parametrize(
    "text,process,criterion,word,polarity",
    [
        # working towards something is a plan, not practice
        ("We're working towards trend analysis.", "incident", MI, "trend analysis", "negative"),
        # "not routine (yet)" denies what it follows
        ("Trend analysis is not routine yet.", "incident", MI, "trend analysis", "negative"),
        # following actions through is the improvement half of M/I
        (
            "Each action gets followed up at the next review.",
            "change",
            MI,
            "followed up",
            "positive",
        ),
        (
            "We haven't closed the loop on the errors.",
            "configuration",
            MI,
            "closed the loop",
            "negative",
        ),
        # measuring compliance presupposes the agreement
        ("We report SLA compliance monthly.", "service_desk", PP, "sla compliance", "positive"),
        ("We report SLA compliance monthly.", "service_desk", MI, "sla compliance", "positive"),
        # in capacity management, monitoring the resources is the measurement
        ("The team monitors storage utilisation daily.", "capacity", MI, "utilisation", "positive"),
        (
            "Speed to answer and abandon rate are reported.",
            "service_desk",
            MI,
            "speed to answer",
            "positive",
        ),
    ],
)
def test_measurement_and_improvement_families(bank, text, process, criterion, word, polarity):
    assert pol(readings(bank, text, process), criterion, word) == {polarity}


@pytest.mark.parametrize(
    "text,process,word",
    [
        ("Hotfixes go through the same deployment pipeline.", "change", "deployment pipeline"),
        (
            "Tickets go to second level according to the escalation rules.",
            "service_desk",
            "escalation rules",
        ),
        ("The laptops are in a Google Sheet.", "configuration", "google sheet"),
        ("There is a short instruction for the helpdesk.", "service_desk", "instruction"),
        ("The rector's regulation lists the IT services.", "slm", "regulation"),
    ],
)
def test_structure_has_many_names(bank, text, process, word):
    assert pol(readings(bank, text, process), PP, word) == {"positive"}


def test_work_left_to_whoever_is_free_is_partial_responsibility(bank):
    ev = readings(bank, "Whoever grabs the ticket owns it till it's closed.", "incident")
    (e,) = [e for e in ev if e.criterion == R]
    assert (e.text, e.rule, e.trigger) == ("owns", "hedge", "Whoever")
    ev = readings(bank, "Who does it depends, usually the one who has time.", "capacity")
    assert 10 < percents(bank, ev)[R] <= 50  # someone does it, nobody is assigned


@pytest.mark.parametrize(
    "text,word",
    [
        ("The plan is owned by the infrastructure lead.", "is owned"),
        ("I wrote down who does what when the office is down.", "who does what"),
        ("If not, the desk passes the ticket to the second level.", "passes the ticket"),
    ],
)
def test_ownership_and_hand_offs_have_many_names(bank, text, word):
    assert pol(readings(bank, text, "itscm"), R, word) == {"positive"}


def test_lead_as_a_verb_is_not_a_role(bank):
    ev = readings(bank, "The reviews do not always lead to actions.", "incident")
    assert not [e for e in ev if e.criterion == R]


def test_a_no_to_the_process_itself_weighs_more_against_awareness_than_a_missing_artefact(bank):
    q = bank.question("configuration.1")
    denied = classify(bank, "No. We have an inventory of computers.", "configuration", q)
    missing = classify(bank, "We have an inventory of computers. No CMDB.", "configuration")
    assert percents(bank, denied)[AC] < percents(bank, missing)[AC]


@pytest.mark.parametrize(
    "text,process,criterion,word,polarity",
    [
        # the object said first, then denied after a pronoun
        (
            "Customer satisfaction we don't ask.",
            "service_desk",
            MI,
            "customer satisfaction",
            "negative",
        ),
        # a clause that ends in its denial
        ("Capacity plan in one document, no.", "capacity", PP, "capacity plan", "negative"),
        ("Capacity plan in one document, no.", "capacity", PP, "document", "negative"),
        # a subject followed by a negated verb is not denied itself
        ("The CMDB does not cover applications.", "configuration", PP, "cmdb", "positive"),
        # nor is a phrase inside a "whether" clause
        ("Whether the plan was right, we do not check.", "capacity", PP, "plan", "positive"),
    ],
)
def test_fronted_objects(bank, text, process, criterion, word, polarity):
    assert pol(readings(bank, text, process), criterion, word) == {polarity}


def test_an_improvement_plan_is_structure_only_in_continual_improvement(bank):
    text = "There isn't a formal service improvement plan behind it."
    slm = readings(bank, text, "slm")
    assert {e.criterion for e in slm} == {MI}
    assert {e.criterion for e in readings(bank, text, "csi")} == {PP, MI}


@pytest.mark.parametrize(
    "text,process,criterion,word",
    [
        ("There's no audit schedule.", "configuration", MI, "audit schedule"),
        ("We make some estimation in Excel before the budget.", "capacity", PP, "estimation"),
    ],
)
def test_compounds_belong_to_their_head(bank, text, process, criterion, word):
    assert {e.criterion for e in readings(bank, text, process) if e.text.lower() == word} == {
        criterion
    }


@pytest.mark.parametrize(
    "text", ["The findings are not always followed up.", "We don't always follow up the findings."]
)
def test_not_always_after_an_auxiliary_is_a_hedge_not_a_denial(bank, text):
    (e,) = [e for e in readings(bank, text, "itscm") if e.criterion == MI]
    assert (e.polarity, e.rule) == ("positive", "hedge")


# Kinds a new-user tester found (session 2).


@pytest.mark.parametrize(
    "text,criterion,word,polarity",
    [
        ("We have not only an SLA but also an OLA.", PP, "sla", "positive"),
        ("There is not only an SLA but an OLA.", PP, "sla", "positive"),
        # a comma before a new subject ends a scope
        ("We have no SLA, we have an OLA.", PP, "ola", "positive"),
        ("The SLA is not reviewed, it is documented.", PP, "documented", "positive"),
        ("There is no CMDB, asset register or inventory.", PP, "inventory", "negative"),
        # so does "because"
        ("We don't have an SLA because we have an OLA.", PP, "ola", "positive"),
        # a negated subject denies what it does, not the thing it does it to
        ("Nobody owns the SLA, but we have a catalogue.", PP, "sla", "positive"),
        ("Nobody owns the SLA, but we have a catalogue.", R, "owns", "negative"),
        ("Nobody owns change approval.", R, "approval", "negative"),
    ],
)
def test_scope_kinds_found_by_a_tester(bank, text, criterion, word, polarity):
    assert pol(readings(bank, text, "slm"), criterion, word) == {polarity}


@pytest.mark.parametrize(
    "text", ["Maybe we have an SLA.", "I think we might have an SLA somewhere."]
)
def test_uncertainty_about_ones_own_practice_is_a_hedge(bank, text):
    (e,) = [e for e in readings(bank, text, "slm") if e.criterion == PP]
    assert e.rule == "hedge" and percents(bank, [e])[PP] <= 50


@pytest.mark.parametrize(
    "text,rule", [("Absolutely not.", "reply-no"), ("Definitely not.", "reply-no")]
)
def test_emphatic_replies(bank, text, rule):
    ev = readings(bank, text, "slm", "slm.4")
    assert [e.rule for e in ev] == [rule]


def test_yes_and_no_is_a_partial_reply(bank):
    (e,) = readings(bank, "Yes and no.", "slm", "slm.4")
    assert e.polarity == "positive" and e.strength < bank.question("slm.4").focus[PP] / 2


@pytest.mark.parametrize(
    "text,home,elsewhere",
    [
        ("We have a CMDB.", "configuration", "incident"),
        ("We have a known error database.", "problem", "capacity"),
        ("We have an SLA.", "slm", "service_desk"),
    ],
)
def test_a_process_structure_weighs_more_in_its_own_process(bank, text, home, elsewhere):
    (h,) = [e for e in readings(bank, text, home) if e.criterion == PP]
    (o,) = [e for e in readings(bank, text, elsewhere) if e.criterion == PP]
    assert h.strength > o.strength


def test_a_pasted_colour_code_does_not_hide_the_word_after_it(bank):
    text = "\x1b[31mSLA\x1b[0m owner"
    ev = readings(bank, text, "slm")
    assert {e.text for e in ev} == {"SLA", "owner"}
    assert all(text[e.start : e.end] == e.text for e in ev)
