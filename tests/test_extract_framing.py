"""Constructions found on the seed-8 draws of the judged articles, each shown on made-up
sentences (none from an article, a round or the dev set) and with one where it must not fire.

- what "no one" or "nobody" does did not happen;
- declining to say or to comment rejects no one;
- "in accordance with" is no agreement; studying or considering a plan is no investigation,
  and what is considered or suspected has not happened;
- trying to do something is no trial; leaving something unresolved leaves no place;
- soldiers captured are coerced, not their country attacked; people questioned are
  investigated;
- a relative clause under a frame says what it says ("failed to stop militias that have
  killed hundreds": the killings happened);
- whom one urges, persuades or calls on to act is the one who acts, and every act asked for is
  not done yet; seeking to act is an intention;
- a vice minister's title is whole ("Vice Foreign Minister");
- a verb that only tells of an event ("described some of the clashes") gives it no agent; a
  state warned of ("would become targets") is no theme.
"""

from __future__ import annotations

from tests.test_extract_scope import events, facts, modalities


def test_what_no_one_does_did_not_happen(nlp):
    assert modalities(nlp, "No militia has attacked Bunia since March.") == {"ASSAULT": "negated"}
    assert events(nlp, "No one will be allowed to enter the building.") == []
    assert events(nlp, "Soldiers shelled the village that night.") != []


def test_declining_to_comment_rejects_no_one(nlp):
    assert events(nlp, "Ministry officials declined to say whether Iran had been informed.") == []
    assert events(nlp, "The rebels declined to comment on the talks.") == []
    # declining an act still rejects it
    assert [k for k, _, _ in events(nlp, "The rebels declined to free the hostages.")] == ["REJECT"]


def test_set_phrases_and_deliberation_are_no_events(nlp):
    assert events(nlp, "The navy said it had acted in accordance with international law.") == []
    assert events(nlp, "The bloc is studying a joint rapid-reaction force.") == []
    found = modalities(nlp, "The cabinet is considering sending troops to the border.")
    assert found == {"MOBILIZE": "hypothetical"}
    found = modalities(nlp, "Police detained three men suspected of killing a policeman.")
    assert found["COERCE"] == "asserted" and found["ASSAULT"] == "hypothetical"


def test_trying_to_act_is_no_trial_and_leaving_a_state_is_no_withdrawal(nlp):
    text = "The delegations met in Doha, where envoys have been trying to broker a truce."
    assert all(k != "INVESTIGATE" for k, _, _ in events(nlp, text))
    assert [k for k, _, _ in events(nlp, "A military court tried the two officers.")] == [
        "INVESTIGATE"
    ]
    assert events(nlp, "The accord left the status of the disputed villages unclear.") == []
    assert [k for k, _, _ in events(nlp, "The rebels left the town of Walikale.")] == ["RETREAT"]
    assert [k for k, _, _ in events(nlp, "The rebels left Walikale unguarded.")] == ["RETREAT"]


def test_soldiers_captured_are_coerced_and_people_questioned_investigated(nlp):
    found = events(nlp, "Kurdish forces captured three Turkish soldiers near the border.")
    assert [k for k, _, _ in found] == ["COERCE"]
    assert all("Turkey" not in targets for _, _, targets in found)
    assert [k for k, _, _ in events(nlp, "Kurdish forces captured the town of Tal Abyad.")] == [
        "FIGHT"
    ]
    assert [k for k, _, _ in events(nlp, "Detectives questioned two suspects.")] == ["INVESTIGATE"]


def test_a_relative_clause_under_a_frame_speaks_for_itself(nlp):
    text = "The rebels failed to stop the militias that have killed hundreds of villagers."
    assert modalities(nlp, text)["ASSAULT"] == "asserted"
    # what the frame itself governs is still framed
    assert modalities(nlp, "The rebels failed to free the hostages.")["CONCEDE"] == "negated"


def test_whom_one_urges_or_persuades_to_act_is_the_one_who_acts(nlp):
    found = events(nlp, "Egypt persuaded Hamas to free the two hostages.")
    assert ("CONCEDE", ("Hamas",), ("hostages",)) in found
    # with no object, the subject still acts
    assert ("AGREE", ("junta",), ("prisoners",)) in events(
        nlp, "The junta vowed to free the prisoners."
    )


def test_seeking_to_act_is_an_intention_not_a_request(nlp):
    assert events(nlp, "The factions sought to present a united front.") == []
    assert events(nlp, "The rebels sought help from Uganda.") == [
        ("REQUEST", ("rebels",), ("Uganda",))
    ]


def test_whom_one_calls_on_to_act_acts_and_each_act_asked_for_is_not_done(nlp):
    text = "The council called on the rebels to cease all hostilities and withdraw from Goma."
    found = {(k, s, m) for k, s, _ in events(nlp, text) for m in [modalities(nlp, text)[k]]}
    assert ("REQUEST", ("council",), "asserted") in found
    # each act asked for, the second as the first, is covered by the request: none is done
    assert not [k for k, _, m in found if k == "RETREAT" and m != "hypothetical"]
    # a day or a place the verb is "on" is no one called on
    text = "Villagers voted on Monday to reject the peace plan."
    assert [s for k, s, _ in events(nlp, text) if k == "REJECT"] == [("villagers",)]
    assert modalities(nlp, "The rebels ceased hostilities and withdrew from Goma.") == {
        "RETREAT": "asserted"
    }


def test_a_vice_minister_holds_the_whole_title(nlp):
    found = facts(nlp, "Vice Foreign Minister Park Yoon-ju received the envoy in Seoul.")
    assert ("Park Yoon-ju", "holdsPosition", "Vice Foreign Minister") in found
    assert ("Park Yoon-ju", "holdsPosition", "Foreign Minister") not in found
    found = facts(nlp, "Foreign Minister Cho Tae-yul received the envoy in Seoul.")
    assert ("Cho Tae-yul", "holdsPosition", "Foreign Minister") in found


def test_a_verb_that_only_tells_of_an_event_gives_it_no_agent(nlp):
    text = "Villagers described some of the heaviest clashes in months."
    assert all("villagers" not in s for _, s, _ in events(nlp, text))
    text = "Turkey dispatched 20 tonnes of relief supplies to Syria."
    assert any(k == "AID" and s == ("Turkey",) for k, s, _ in events(nlp, text))


def test_a_state_warned_of_is_no_theme(nlp):
    from tests.test_extract_scope import _run

    result, _ = _run(nlp, "The minister warned that it would become a legitimate target.")
    assert all(e.theme != "become" for e in result.events)
    result, _ = _run(nlp, "The rebels agreed to resign.")
    assert [e.theme for e in result.events] == ["resign"]
