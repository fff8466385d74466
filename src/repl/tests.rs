//! Unit tests of the session backend, without a terminal: transactions, queries,
//! `:why`, `:undo`, `:reset`, and the `:save` round trip.

use super::session::{Outcome, Session};
use crate::driver;
use crate::report::json::document;
use serde_json::Value;

const SETUP: &str = r#"
party Israel { leader Rabin  minister Peres  envoy Hirschfeld, Pundak  public IsraeliPublic  spoiler Likud }
party PLO { leader Arafat  envoy Qurei  spoiler Hamas }
party Norway { intermediary Larsen }
channel oslo: backchannel {
  members Hirschfeld, Pundak, Qurei
  via Larsen
  authorized by Peres, Arafat
}
"#;

/// Feeds one input; returns what became of it and what it wrote.
fn feed(s: &mut Session, input: &str) -> (Outcome, String) {
    let mut out = Vec::new();
    let outcome = s.handle(input, &mut out).expect("writing to a Vec");
    let text = String::from_utf8(out).expect("UTF-8");
    assert!(
        !text.contains("internal error"),
        "{input:?} hit a bug:\n{text}"
    );
    (outcome, text)
}

fn session() -> Session {
    let mut s = Session::new(false);
    assert_eq!(feed(&mut s, SETUP).0, Outcome::Accepted);
    s
}

/// Everything a report can see of the session's state, without line numbers
/// (which differ between a session and its saved script).
fn state(s: &Session) -> Value {
    state_of(s.run())
}

fn state_of(run: &driver::Run) -> Value {
    let mut doc = serde_json::to_value(document(run)).expect("serialisable");
    let strip = |list: &mut Value, fields: &[&str]| {
        for item in list.as_array_mut().into_iter().flatten() {
            for f in fields {
                item.as_object_mut().map(|o| o.remove(*f));
            }
        }
    };
    strip(&mut doc["events"], &["line"]);
    strip(&mut doc["expectations"], &["line", "column"]);
    strip(
        &mut doc["diagnostics"],
        &["line", "column", "end_line", "end_column", "file"],
    );
    serde_json::json!({
        "state": doc["state"],
        "events": doc["events"],
        "expectations": doc["expectations"],
        "diagnostics": doc["diagnostics"],
    })
}

#[test]
fn items_run_and_print_what_they_did() {
    let mut s = session();
    let (outcome, out) = feed(
        &mut s,
        "at 1993-01-20\nHirschfeld concedes \"PLO as partner\" on oslo as partner",
    );
    assert_eq!(outcome, Outcome::Accepted);
    assert!(out.contains("session 1 · 1993-01-20"), "{out}");
    assert!(
        out.contains("learned by: Peres, Hirschfeld, Pundak, Arafat, Qurei, Larsen"),
        "{out}"
    );
    assert_eq!(s.accepted(), 2);
}

#[test]
fn an_input_that_does_not_check_changes_nothing() {
    let mut s = session();
    let before = (state(&s), s.names(), s.accepted());
    // The first item is fine; the second is not: neither may stay.
    let (outcome, out) = feed(
        &mut s,
        "party USA { official Sullivan }\nSullivan says \"hi\" on osloo",
    );
    assert_eq!(outcome, Outcome::Rejected);
    assert!(out.contains("E0301"), "{out}");
    assert!(out.contains("did you mean `oslo`?"), "{out}");
    assert!(out.contains("repl:2"), "the error names its input: {out}");
    assert_eq!((state(&s), s.names(), s.accepted()), before);
    // The names it would have declared are free.
    assert_eq!(
        feed(&mut s, "party USA { official Sullivan }").0,
        Outcome::Accepted
    );
}

#[test]
fn an_input_that_fails_at_run_time_changes_nothing() {
    let mut s = session();
    feed(
        &mut s,
        "Hirschfeld floats \"a\" on oslo as a\nleak a to Likud by Pundak",
    );
    let before = (state(&s), s.accepted());
    // Pundak lost access: the first statement would run, the second stops it.
    let (outcome, out) = feed(
        &mut s,
        "Qurei says \"ok\" on oslo\nPundak says \"hello\" on oslo",
    );
    assert_eq!(outcome, Outcome::Rejected);
    assert!(out.contains("E0602"), "{out}");
    assert!(out.contains("repl:3"), "{out}");
    assert_eq!((state(&s), s.accepted()), before);
}

#[test]
fn a_syntax_error_changes_nothing_and_says_where() {
    let mut s = session();
    let before = state(&s);
    let (outcome, out) = feed(&mut s, "party } Egypt");
    assert_eq!(outcome, Outcome::Rejected);
    assert!(out.contains("E0201"), "{out}");
    assert_eq!(state(&s), before);
}

#[test]
fn a_bare_condition_answers_with_its_reason() {
    let mut s = session();
    feed(&mut s, "Hirschfeld concedes \"x\" on oslo as partner");
    let (outcome, out) = feed(&mut s, "Rabin knows partner");
    assert_eq!(outcome, Outcome::Answered);
    assert!(out.starts_with("false\n"), "{out}");
    assert!(out.contains("it is known to"), "who does know: {out}");
    let (_, out) = feed(&mut s, "Peres knows partner");
    assert!(out.starts_with("true\n"), "{out}");
    assert!(
        out.contains("taught by repl:2"),
        "which event taught it: {out}"
    );
    let (_, out) = feed(&mut s, "credibility of Peres < 0");
    assert!(
        out.starts_with("false\n  credibility of Peres is 0"),
        "{out}"
    );
}

#[test]
fn a_condition_changes_nothing_not_even_the_texts() {
    let mut s = session();
    let before = (state(&s), s.run().checker.decls.texts.len(), s.accepted());
    feed(&mut s, "Rabin knows \"a text never said\"");
    assert_eq!(
        (state(&s), s.run().checker.decls.texts.len(), s.accepted()),
        before
    );
    let (outcome, out) = feed(&mut s, "Rabn knows oslo");
    assert_eq!(outcome, Outcome::Rejected);
    assert!(out.contains("did you mean `Rabin`?"), "{out}");
}

#[test]
fn help_and_quit_without_the_colon_say_how() {
    let mut s = session();
    assert_eq!(
        feed(&mut s, "help"),
        (Outcome::Answered, "type `:help` for help\n".into())
    );
    assert!(feed(&mut s, "exit").1.contains(":quit"));
    assert_eq!(
        feed(&mut s, "Rabin").0,
        Outcome::Rejected,
        "a lone name is an error"
    );
}

#[test]
fn a_mistyped_condition_gets_the_condition_error() {
    let mut s = session();
    let (_, out) = feed(&mut s, "Likud is mobilised");
    assert!(out.contains("`mobilised`"), "{out}");
    assert!(
        out.contains("`exposed`"),
        "says what a condition expects: {out}"
    );
}

#[test]
fn why_gives_the_chain_of_events() {
    let mut s = session();
    feed(&mut s, "Hirschfeld concedes \"x\" on oslo as partner");
    feed(&mut s, "leak partner to Likud by Pundak");
    let (outcome, out) = feed(&mut s, ":why Likud knows partner");
    assert_eq!(outcome, Outcome::Answered);
    let said = out.find("repl:2  Hirschfeld concedes").expect(&out);
    let leaked = out.find("repl:3  leak partner to Likud").expect(&out);
    assert!(said < leaked, "in order: {out}");
    assert!(out.contains("taught partner to Likud"), "{out}");
    let (_, out) = feed(
        &mut s,
        ":why mobilization of Likud == 2 and not Hamas is mobilized",
    );
    assert!(out.starts_with("true"), "{out}");
    assert!(out.contains("Likud mobilises"), "{out}");
    let (_, out) = feed(&mut s, ":why IsraeliPublic knows partner");
    assert!(out.starts_with("false"), "{out}");
    assert!(
        out.contains("taught partner to"),
        "who was taught instead: {out}"
    );
}

#[test]
fn why_errors_point_into_the_command() {
    let mut s = session();
    let (outcome, out) = feed(&mut s, ":why Rabn knows oslo");
    assert_eq!(outcome, Outcome::Rejected);
    assert!(out.contains(":why Rabn knows oslo"), "{out}");
    assert!(out.contains("did you mean `Rabin`?"), "{out}");
}

#[test]
fn undo_takes_back_the_last_accepted_input_only() {
    let mut s = session();
    feed(&mut s, "at day 1\nHirschfeld floats \"a\" on oslo as a");
    let before = state(&s);
    feed(&mut s, "leak a to Likud by Pundak");
    feed(&mut s, "Nobody says \"x\""); // rejected: not an input to undo
    feed(&mut s, "Rabin knows a"); // a question: not an input to undo
    let (outcome, out) = feed(&mut s, ":undo");
    assert_eq!(outcome, Outcome::Accepted);
    assert!(out.contains("took back repl:3"), "{out}");
    assert_eq!(state(&s), before);
    // Pundak has not lost access any more.
    assert_eq!(
        feed(&mut s, "Pundak says \"hi\" on oslo").0,
        Outcome::Accepted
    );
    feed(&mut s, ":undo");
    feed(&mut s, ":undo");
    feed(&mut s, ":undo");
    assert_eq!(s.accepted(), 0);
    assert_eq!(feed(&mut s, ":undo").1, "nothing to undo\n");
}

#[test]
fn reset_starts_again() {
    let mut s = session();
    assert_eq!(feed(&mut s, ":reset").0, Outcome::Accepted);
    assert_eq!(s.accepted(), 0);
    assert!(s.names().is_empty());
    assert_eq!(state(&s), state(&Session::new(false)));
    assert_eq!(
        feed(&mut s, SETUP).0,
        Outcome::Accepted,
        "names are free again"
    );
}

#[test]
fn rules_declared_earlier_fire_on_later_inputs() {
    let mut s = session();
    feed(
        &mut s,
        "when Likud knows oslo { Likud demands \"halt the talks\" }",
    );
    let (_, out) = feed(&mut s, "leak oslo to Likud");
    assert!(out.contains("rule fires"), "{out}");
    assert!(out.contains("Likud demands"), "{out}");
}

fn temp_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("neg-repl-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    dir.join(name)
}

#[test]
fn save_writes_a_script_that_replays_the_session() {
    let loaded = temp_path("setup.neg");
    std::fs::write(&loaded, SETUP).expect("written");
    let mut s = Session::new(false);
    let (outcome, out) = feed(&mut s, &format!(":load {}", loaded.display()));
    assert_eq!(outcome, Outcome::Accepted, "{out}");
    assert!(out.contains("item(s)"), "{out}");
    for input in [
        "relations Israel, PLO: none\nlet recognition = \"mutual recognition\"",
        "when Likud knows partner { Likud demands \"halt the talks\" }",
        "at 1993-01-20",
        "Hirschfeld floats recognition on oslo",
        "Hirschfeld concedes \"PLO as partner\" on oslo as partner",
        "Peres denies oslo",
        "Bogus says \"rejected, so not saved\"",
        "leak everything on oslo to Likud, IsraeliPublic by Pundak",
        "Rabin knows oslo",
        "expect credibility of Peres == -1\nexpect Likud is mobilized",
        "agree \"DoP\" between Israel, PLO on oslo as dop",
        "announce dop by Peres",
        "expect IsraeliPublic knows Arafat knows dop",
    ] {
        feed(&mut s, input);
    }
    let saved = temp_path("saved.neg");
    let (outcome, out) = feed(&mut s, &format!(":save {}", saved.display()));
    assert_eq!(outcome, Outcome::Answered, "{out}");
    let script = std::fs::read_to_string(&saved).expect("saved");
    assert!(!script.contains("Bogus"), "{script}");
    assert!(!script.contains("Rabin knows oslo"), "{script}");
    let replayed = driver::run_file(saved.to_str().expect("a UTF-8 path"), true);
    assert!(
        !replayed.has_static_errors() && !replayed.stopped,
        "{script}"
    );
    assert_eq!(state_of(&replayed), state(&s), "{script}");
    assert!(
        s.run().interp.expectations.iter().all(|e| e.passed),
        "the session is a meaningful one"
    );
}

#[test]
fn save_to_an_impossible_place_is_an_error() {
    let mut s = session();
    let (outcome, out) = feed(&mut s, ":save /no/such/dir/x.neg");
    assert_eq!(outcome, Outcome::Rejected);
    assert!(out.contains("E0902"), "{out}");
}

#[test]
fn load_of_a_broken_or_missing_script_changes_nothing() {
    let mut s = session();
    let before = (state(&s), s.accepted());
    let (outcome, out) = feed(&mut s, ":load /no/such/file.neg");
    assert_eq!(outcome, Outcome::Rejected);
    assert!(out.contains("E0001"), "{out}");
    let broken = temp_path("broken.neg");
    std::fs::write(
        &broken,
        "party Egypt { leader Sadat }\nSadat says \"x\" on nowhere\n",
    )
    .expect("written");
    let (outcome, out) = feed(&mut s, &format!(":load {}", broken.display()));
    assert_eq!(outcome, Outcome::Rejected);
    assert!(out.contains("broken.neg:2"), "points into the file: {out}");
    assert_eq!((state(&s), s.accepted()), before);
}

#[test]
fn state_and_json_describe_the_session() {
    let mut s = session();
    feed(&mut s, "leak oslo to Likud");
    let (_, out) = feed(&mut s, ":state");
    assert!(out.contains("oslo  backchannel  exposed"), "{out}");
    let (_, out) = feed(&mut s, ":json");
    let doc: Value = serde_json::from_str(&out).expect("one JSON document");
    assert_eq!(doc["state"]["channels"][0]["status"], "exposed");
}

#[test]
fn no_input_crashes_the_session() {
    let mut s = session();
    let before = state(&s);
    let deep = format!(
        "expect {}Rabin knows oslo{}",
        "(".repeat(50_000),
        ")".repeat(50_000)
    );
    let long = format!("expect {}", vec!["Rabin knows oslo"; 5000].join(" and "));
    let huge = "x".repeat(super::input::MAX_INPUT + 1);
    for input in [
        deep.as_str(),
        long.as_str(),
        huge.as_str(),
        "\u{0}\u{7f}\u{feff}",
        "\"unterminated",
        "at 99999-99-99",
        "expect credibility of Rabin > 99999999999999999999999",
        ":",
        "::",
        ":why",
        ":why :why",
    ] {
        let (outcome, out) = feed(&mut s, input);
        assert_eq!(outcome, Outcome::Rejected, "{input:.40}: {out}");
        assert!(
            out.contains("Error"),
            "an error is shown for {input:.40}: {out}"
        );
    }
    let mut out = Vec::new();
    let outcome = s
        .handle_bytes(b"Rabin says \"\xff\"", &mut out)
        .expect("Vec");
    assert_eq!(outcome, Outcome::Rejected);
    assert!(String::from_utf8_lossy(&out).contains("E0002"));
    assert_eq!(state(&s), before);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "party",
        "Israel",
        "{",
        "}",
        "(",
        ")",
        "leader",
        "Rabin",
        "channel",
        "oslo",
        ":",
        "backchannel",
        "members",
        "Hirschfeld",
        ",",
        "says",
        "\"x\"",
        "on",
        "leak",
        "to",
        "expect",
        "knows",
        "and",
        "or",
        "not",
        "when",
        "if",
        "else",
        "at",
        "day",
        "1",
        "credibility",
        "of",
        "<",
        "-1",
        "agree",
        "between",
        "PLO",
        "as",
        "l",
        "announce",
        "\n",
        "#",
        "show",
        "who",
        ":undo",
        ":why",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Whatever is typed: no panic, and a rejected input changes nothing.
        #[test]
        fn any_token_soup(words in proptest::collection::vec(0..WORDS.len(), 0..24)) {
            let mut s = session();
            let text: Vec<&str> = words.iter().map(|i| WORDS[*i]).collect();
            let text = text.join(" ");
            let before = (state(&s), s.accepted());
            let (outcome, _) = feed(&mut s, &text);
            if outcome == Outcome::Rejected {
                prop_assert_eq!((state(&s), s.accepted()), before);
            }
        }
    }
}

#[test]
fn save_replaces_only_a_file_it_wrote() {
    let mut s = session();
    let theirs = temp_path("theirs.neg");
    std::fs::write(&theirs, "# someone's script\n").expect("written");
    let (outcome, out) = feed(&mut s, &format!(":save {}", theirs.display()));
    assert_eq!(outcome, Outcome::Rejected, "{out}");
    assert!(out.contains("E0902") && out.contains("it exists"), "{out}");
    assert!(out.contains("save under another name"), "{out}");
    let kept = std::fs::read_to_string(&theirs).expect("still there");
    assert_eq!(kept, "# someone's script\n");

    let ours = temp_path("ours.neg");
    let _ = std::fs::remove_file(&ours);
    let (outcome, out) = feed(&mut s, &format!(":save {}", ours.display()));
    assert_eq!(outcome, Outcome::Answered, "{out}");
    let first = std::fs::read_to_string(&ours).expect("saved");
    feed(&mut s, "at 1993-01-21");
    let (outcome, out) = feed(&mut s, &format!(":save {}", ours.display()));
    assert_eq!(outcome, Outcome::Answered, "saving again replaces: {out}");
    let second = std::fs::read_to_string(&ours).expect("saved again");
    assert!(second.len() > first.len() && second.contains("at 1993-01-21"));
}
