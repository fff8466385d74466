//! The rules of the channel model (LANGUAGE.md §4), one group of tests per rule,
//! including the cases where a rule must *not* fire. Each test is a small script
//! whose `expect` lines state the rule; the test asserts that all of them held and
//! which warnings and errors were reported.

use negscript::driver::{Run, run_text};

const PARTIES: &str = "
party A { leader Alma  envoy Ari  bureaucracy AMin  public APub  press APress  spoiler AHawk }
party B { leader Bo  envoy Bea  spoiler BHawk }
party C { envoy Cy }
";

fn run(script: &str) -> Run {
    run_text("rules.neg", &format!("{PARTIES}{script}"), true, true)
}

/// Runs a script and asserts every expectation held and exactly these codes were reported.
fn holds(script: &str, codes: &[&str]) -> Run {
    let run = run(script);
    let failed: Vec<_> = run
        .interp
        .expectations
        .iter()
        .filter(|e| !e.passed)
        .map(|e| (e.condition.clone(), e.reason.clone()))
        .collect();
    assert!(failed.is_empty(), "failed expectations: {failed:#?}");
    assert!(
        !run.interp.expectations.is_empty(),
        "a rule test states its rule with `expect`"
    );
    let got: Vec<&str> = run.diagnostics().iter().map(|d| d.code.as_str()).collect();
    assert_eq!(got, codes, "diagnostics: {:#?}", run.diagnostics());
    run
}

// ---- §4.1 learning -------------------------------------------------------------

#[test]
fn everyone_means_every_actor_declared_so_far() {
    holds(
        r#"
        Ari says "we are ready"
        party D { envoy Dov }
        expect Bea knows "we are ready" and not Dov knows "we are ready"
        "#,
        &[],
    );
}

#[test]
fn a_string_fact_is_known_to_whoever_learned_that_text_anywhere() {
    holds(
        r#"
        channel quiet: backchannel between Ari, Bea
        channel other: backchannel between Ari, Cy
        Ari floats "a ceasefire" on quiet as first
        Ari floats "a ceasefire" on other as second
        expect Cy knows "a ceasefire" and not Cy knows first and Bea knows first
        "#,
        &[],
    );
}

#[test]
fn a_party_knows_when_every_actor_does_and_a_chain_needs_one_event() {
    holds(
        r#"
        channel quiet: backchannel between Ari, Bea
        Ari floats "x" on quiet as idea
        expect not A knows idea
        announce idea by Ari
        expect A knows idea and B knows A knows idea
        "#,
        &[],
    );
}

// ---- §4.2 exposure -------------------------------------------------------------

#[test]
fn exposure_needs_a_public_press_or_spoiler_actor() {
    holds(
        r#"
        channel quiet: backchannel { members Ari, Bea  authorized by Alma }
        reveal quiet to AMin by Alma
        expect not quiet is exposed            # the bureaucracy is not the public
        leak quiet to APress
        expect quiet is exposed
        "#,
        &[],
    );
}

#[test]
fn on_record_channels_are_never_exposed() {
    holds(
        r#"
        channel talks: formal between Ari, Bea
        expect APub knows talks and not talks is exposed
        "#,
        &[],
    );
}

#[test]
fn a_party_knows_a_fact_when_each_of_its_actors_does_however_each_learned_it() {
    holds(
        r#"
        channel quiet: backchannel between Ari, Bea
        Ari floats "x" on quiet
        expect not A knows "x"
        leak "x" to Alma, AMin, APub, APress
        expect not A knows "x"                # AHawk does not know yet
        leak "x" to AHawk
        expect A knows "x"                    # three teachings between them
        expect not B knows "x"
        announce "x" by Bea
        expect B knows "x" and C knows "x"    # one teaching to everyone
        "#,
        &[],
    );
}

// ---- §4.3 exposed denial -------------------------------------------------------

#[test]
fn a_denial_costs_once_when_the_fact_reaches_a_hearer_who_did_not_know() {
    holds(
        r#"
        channel quiet: backchannel between Ari, Bea
        Alma denies quiet
        leak quiet to Bea                     # Bea knew already: no cost
        expect credibility of Alma == 0
        leak quiet to APub
        expect credibility of Alma == -1
        leak quiet to public                  # once per denial
        expect credibility of Alma == -1
        "#,
        &[],
    );
}

#[test]
fn a_denial_heard_only_on_a_channel_costs_only_when_its_hearers_learn() {
    holds(
        r#"
        channel quiet: backchannel between Ari, Bea
        channel chat: informal between Ari, Cy
        Ari floats "a deal" on quiet as deal
        Ari denies deal on chat               # only Cy hears this denial
        leak deal to APub                     # APub did not hear it
        expect credibility of Ari == 0
        leak deal to Cy
        expect credibility of Ari == -1
        "#,
        &[],
    );
}

#[test]
fn a_fact_taught_again_to_those_who_know_it_exposes_nothing_until_it_reaches_someone_new() {
    // The second leak to Ari and Bea is skipped without asking each of them (they
    // are known to know); the third reaches Cy, who heard the denial and did not know.
    holds(
        r#"
        channel quiet: backchannel between Ari, Bea
        Alma denies quiet
        leak quiet to Ari, Bea
        leak quiet to Ari, Bea
        expect credibility of Alma == 0
        leak quiet to Ari, Bea, Cy
        expect credibility of Alma == -1
        "#,
        &[],
    );
}

// ---- §4.4 spoiler mobilisation ------------------------------------------------

#[test]
fn spoilers_mobilise_two_off_record_one_on_record() {
    holds(
        r#"
        channel quiet: backchannel between Ari, Bea
        channel talks: formal between Ari, Bea
        Ari concedes "the river" on quiet as river
        Ari concedes "the hills" on talks as hills
        leak river to AHawk
        expect mobilization of AHawk == 2
        announce hills
        expect mobilization of AHawk == 3
        leak river to AHawk                   # it knew already
        expect mobilization of AHawk == 3
        expect mobilization of BHawk == 0     # not its party's concession
        "#,
        &[],
    );
}

#[test]
fn a_public_concession_counts_as_on_record_and_proposals_do_not_count() {
    holds(
        r#"
        Ari concedes "the valley"
        expect mobilization of AHawk == 1
        Ari proposes "the plain"
        Ari accepts "the road"
        expect mobilization of AHawk == 1
        "#,
        &[],
    );
}

#[test]
fn a_spoiler_inside_the_channel_does_not_mobilise() {
    holds(
        r#"
        channel quiet: backchannel { members Ari, Bea  via AHawk }
        Ari concedes "the river" on quiet
        expect AHawk knows "the river" and not AHawk is mobilized
        "#,
        &[],
    );
}

#[test]
fn revealing_an_agreement_reveals_the_concessions_before_it() {
    holds(
        r#"
        channel quiet: backchannel between Ari, Bea
        Ari concedes "the river" on quiet as river
        agree "peace" between A, B on quiet as peace
        Ari concedes "the lake" on quiet as lake
        announce peace
        expect APub knows river and not APub knows lake
        expect mobilization of AHawk == 2
        "#,
        &[],
    );
}

// ---- §4.5 breach of confidence ------------------------------------------------

#[test]
fn a_leak_by_an_insider_costs_access_and_trust() {
    holds(
        r#"
        relations A, B: tense
        channel quiet: informal between Ari, Bea
        Bea floats "a swap" on quiet as swap
        leak swap to APress by Ari
        expect Ari lost access and not Bea lost access
        expect trust between A, B == -2 and trust between A, C == 0
        Ari says "no comment"                 # on the record is still allowed
        "#,
        &[],
    );
}

#[test]
fn no_breach_when_nobody_learns_anything_new_or_the_source_is_anonymous_or_authorised() {
    holds(
        r#"
        channel quiet: backchannel { members Ari, Bea  authorized by Alma }
        Bea floats "a swap" on quiet as swap
        leak swap to Bea by Ari               # she knew
        leak swap to APress                   # anonymous
        reveal swap to AMin by Alma           # authorised briefing
        leak swap to APub by APress           # not an insider of quiet
        expect not Ari lost access and not Alma lost access and not APress lost access
        expect trust between A, B == 0
        "#,
        &[],
    );
}

#[test]
fn a_leaker_who_speaks_off_record_again_is_stopped() {
    let run = run(r#"
        channel quiet: informal between Ari, Bea
        Bea floats "a swap" on quiet as swap
        leak swap to APress by Ari
        Ari floats "another" on quiet
        expect Ari knows "never reached"
        "#);
    let codes: Vec<&str> = run.diagnostics().iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E0602"]);
    assert!(
        run.stopped && run.interp.expectations.is_empty(),
        "the run stops at the error"
    );
    assert_eq!(run.exit_code(), 1);
}

// ---- §4.6 preconditions -------------------------------------------------------

#[test]
fn preconditions_are_met_on_record_by_another_party_or_by_announcement() {
    holds(
        r#"
        A requires "recognition"
        B requires "a freeze"
        channel quiet: backchannel between Ari, Bea
        channel talks: formal between Ari, Bea
        Bea concedes "recognition" on quiet   # off the record: not met
        Ari concedes "a freeze"               # in public, by A: meets B's precondition
        Bo accepts "recognition"              # in public, by another party: met
        Ari proposes "talks" on talks
        expect A holds "talks"
        "#,
        &[],
    );
}

#[test]
fn an_unmet_precondition_blocks_formal_talks_but_not_back_channels() {
    let run = run(r#"
        A requires "recognition"
        channel quiet: backchannel between Ari, Bea
        channel talks: formal between Ari, Bea
        Ari floats "ideas" on quiet
        Ari concedes "recognition"            # A conceding its own precondition does not meet it
        Ari proposes "talks" on talks
        "#);
    let codes: Vec<&str> = run.diagnostics().iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E0603"]);
}

#[test]
fn a_precondition_already_conceded_is_met_when_declared() {
    holds(
        r#"
        Bea concedes "recognition"
        A requires "recognition"
        channel talks: formal between Ari, Bea
        Ari proposes "talks" on talks
        expect A holds "talks"
        "#,
        &[],
    );
}

// ---- positions ----------------------------------------------------------------

#[test]
fn positions_come_from_government_on_record_and_are_never_removed() {
    holds(
        r#"
        channel quiet: backchannel between Ari, Bea
        Ari proposes "a corridor" on quiet
        APub demands "a referendum"
        Alma demands "security"
        Alma rejects "security"
        expect not A holds "a corridor" and not A holds "a referendum" and A holds "security"
        "#,
        &[],
    );
}

// ---- §4.7–4.9 warnings --------------------------------------------------------

#[test]
fn endless_game_only_for_back_channels_without_agreement_and_only_once() {
    let run = holds(
        r#"
        channel quiet: backchannel { members Ari, Bea  endless after 1 sessions }
        channel chat: informal { members Ari, Bea }
        channel done: backchannel { members Ari, Cy  endless after 1 sessions }
        Ari floats "a" on quiet
        Ari floats "a" on chat
        Ari floats "a" on done
        agree "done" between A, C on done
        at day 1
        Ari floats "b" on quiet
        Ari floats "b" on chat
        Ari floats "b" on done
        at day 2
        Ari floats "c" on quiet
        expect Ari knows "c"
        "#,
        &["W0801"],
    );
    assert_eq!(
        run.sources.line_col(run.diagnostics()[0].span()).0,
        14,
        "warned at the first statement past the threshold"
    );
}

#[test]
fn forum_shopping_needs_different_texts_on_different_channels_and_is_warned_once() {
    holds(
        r#"
        channel quiet: backchannel between Ari, Bea
        channel talks: formal between Alma, Bo
        Ari proposes "x" about borders on quiet
        Alma proposes "x" about borders on talks     # same text: fine
        Ari proposes "y" about borders on quiet      # same channel: fine
        Alma proposes "z" about water on talks       # another issue
        Ari demands "w" about borders              # in public: not a channel
        Alma proposes "v" about borders on talks     # warned
        Alma proposes "u" about borders on talks     # not again
        expect A holds "v"
        "#,
        &["W0802"],
    );
}

#[test]
fn parallel_back_channels_compare_members_and_authorizers_not_via() {
    holds(
        r#"
        channel one: backchannel { members Ari, Bea }
        channel two: backchannel { members Ari  authorized by Bo  via Cy }
        channel three: informal between Ari, Bea
        channel four: backchannel between Ari, Cy
        expect Cy knows two
        "#,
        &["W0803"],
    );
}

// ---- §5 rules ------------------------------------------------------------------

#[test]
fn when_fires_once_when_first_true_and_rules_trigger_rules() {
    holds(
        r#"
        when Bea knows "first" { Bea says "second" }
        when Cy knows "second" { Cy says "third" }
        when Ari knows "third" { Ari says "fourth" as fourth }
        Ari says "first"
        expect Bo knows fourth
        Ari says "first"
        expect Ari knows "fourth"
        "#,
        &[],
    );
}

#[test]
fn a_rule_that_retriggers_itself_fires_once() {
    let run = holds(
        r#"
        when Ari knows "ping" { Ari says "ping" }
        Ari says "ping"
        expect Bea knows "ping"
        "#,
        &[],
    );
    let fired = run
        .interp
        .events
        .iter()
        .filter(|e| matches!(e.kind, negscript::interp::EventKind::Rule(_)))
        .count();
    assert_eq!(fired, 1);
}

#[test]
fn if_decides_now() {
    holds(
        r#"
        if AHawk is mobilized { Alma says "yes" } else if Bea knows "x" { Alma says "maybe" } else { Alma says "no" }
        expect Bo knows "no" and not Bo knows "yes" and not Bo knows "maybe"
        "#,
        &[],
    );
}

#[test]
fn a_cascade_past_the_limit_stops_the_run_with_a_clear_error() {
    let mut script = String::from("party P { envoy Pat }\n");
    for i in 0..10 {
        script.push_str(&format!(
            "when Pat knows \"m{i}\" {{ Pat says \"m{}\" }}\n",
            i + 1
        ));
    }
    script.push_str("Pat says \"m0\"\n");
    let (program, diags) = negscript::parser::parse(0, &script);
    assert!(diags.is_empty());
    let mut checker = negscript::check::Checker::new();
    let (ops, diags) = checker.check(&program);
    assert!(diags.is_empty());
    let mut interp = negscript::interp::Interp::new(false);
    interp.cascade_limit = 5;
    assert!(interp.run(&checker.decls, &ops).is_err());
    let codes: Vec<&str> = interp.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E0604"]);
    assert_eq!(
        interp.diagnostics[0].message,
        "more than 5 rules fired in one cascade"
    );
}
