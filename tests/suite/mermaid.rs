//! `neg run --format mermaid`: the sequence diagram of a run. Snapshots of a few
//! examples (the script, then its diagram); a check that every example's diagram is
//! well-formed Mermaid, as far as `neg` writes it; and what the drawing means.

use crate::neg;
use negscript::driver::{self, Run};
use std::collections::HashSet;

const SEPARATOR: &str = "──── neg run --format mermaid ────";

fn example(name: &str) -> String {
    format!("{}/examples/{name}.neg", env!("CARGO_MANIFEST_DIR"))
}

fn diagram_of_text(text: &str) -> String {
    let run: Run = driver::run_text("test.neg", text, true, true);
    negscript::report::mermaid::diagram(&run)
}

#[test]
fn snapshots_of_examples() {
    for name in ["oslo_1993", "leaked_informal", "kyiv_2023_deconfliction"] {
        let path = example(name);
        let source = std::fs::read_to_string(&path).expect("the example");
        let diagram = negscript::report::mermaid::diagram(&driver::run_file(&path, true));
        insta::assert_snapshot!(name, format!("{source}\n{SEPARATOR}\n{diagram}"));
    }
}

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !negscript::report::mermaid::MERMAID_KEYWORDS.contains(&id.to_ascii_lowercase().as_str())
}

/// A label is safe when, entities aside, it has none of `# ; " < >` nor control
/// characters (the `wrap:` prefix is Mermaid's own).
fn check_label(label: &str, line: &str) {
    let mut rest = String::new();
    let mut chars = label.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '#' {
            let entity: String = chars
                .clone()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let after = chars.clone().nth(entity.len());
            assert!(
                !entity.is_empty() && after == Some(';'),
                "a bare `#` in {line}"
            );
            for _ in 0..=entity.len() {
                chars.next();
            }
            continue;
        }
        rest.push(c);
    }
    for bad in [';', '"', '<', '>', '`'] {
        assert!(!rest.contains(bad), "`{bad}` unescaped in {line}");
    }
    assert!(
        !rest.chars().any(char::is_control),
        "control char in {line}"
    );
}

/// Checks the subset of Mermaid that `neg` writes: participants declared in boxes
/// before use, safe ids, balanced `box`/`rect` … `end`, safe labels, a sane size.
fn check_mermaid(diagram: &str) {
    assert!(diagram.len() < 50_000, "under Mermaid's default size limit");
    let mut lines = diagram.lines();
    assert_eq!(lines.next(), Some("sequenceDiagram"));
    let mut ids: HashSet<String> = HashSet::new();
    let mut open: Vec<&str> = Vec::new();
    let mut body_started = false;
    for line in lines {
        let t = line.trim();
        let known = |id: &str| {
            assert!(ids.contains(id), "`{id}` is not a participant: {line}");
        };
        if t.starts_with("%%") {
            assert!(!t.starts_with("%%{"), "not a directive: {line}");
        } else if let Some(rest) = t.strip_prefix("box ") {
            assert!(!body_started && open.is_empty(), "boxes come first: {line}");
            assert!(rest.starts_with("rgba(") && rest.contains(") "), "{line}");
            open.push("box");
        } else if let Some(rest) = t.strip_prefix("participant ") {
            assert_eq!(open.last(), Some(&"box"), "in a box: {line}");
            let id = rest.split(" as ").next().unwrap_or_default();
            assert!(is_id(id), "a safe id: {line}");
            assert!(ids.insert(id.to_string()), "declared once: {line}");
        } else if t == "end" {
            assert!(open.pop().is_some(), "an `end` that closes nothing: {line}");
        } else if let Some(rest) = t.strip_prefix("rect ") {
            body_started = true;
            assert!(rest.starts_with("rgba(") && rest.ends_with(')'), "{line}");
            open.push("rect");
        } else if let Some(rest) = t.strip_prefix("Note over ") {
            body_started = true;
            let (over, label) = rest.split_once(": ").expect("a label");
            over.split(',').for_each(known);
            assert!(over.split(',').count() <= 2, "{line}");
            check_label(label, line);
        } else {
            body_started = true;
            let (arrow, label) = t.split_once(": ").expect("a message");
            let (from, to) = arrow
                .split_once("-->>")
                .or_else(|| arrow.split_once("->>"))
                .unwrap_or_else(|| panic!("an arrow: {line}"));
            known(from);
            known(to);
            check_label(label, line);
        }
    }
    assert!(open.is_empty(), "unclosed {open:?}");
}

#[test]
fn every_example_draws_well_formed_mermaid() {
    let dir = format!("{}/examples", env!("CARGO_MANIFEST_DIR"));
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("examples") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "neg") {
            let run = driver::run_file(path.to_str().unwrap_or_default(), true);
            let diagram = negscript::report::mermaid::diagram(&run);
            check_mermaid(&diagram);
            assert!(diagram.contains("session 1 ·"), "{path:?} has sessions");
            seen += 1;
        }
    }
    assert!(seen >= 10, "the examples were found");
}

const STORY: &str = r#"
party Israel { leader Rabin  envoy Hirschfeld  spoiler Likud }
party PLO { leader Arafat  envoy Qurei, AbdelShafi }
party USA { official Ross }
channel oslo: backchannel between Hirschfeld, Qurei
channel washington: formal { members Hirschfeld, Qurei, AbdelShafi  via Ross }
at day 1
Hirschfeld concedes "the PLO as a partner" on oslo as partner
Qurei proposes "elections" on washington
Ross says "welcome" on washington
Rabin says "no comment"
at day 2
leak partner to Likud by Hirschfeld
announce partner by Hirschfeld
"#;

#[test]
fn what_the_drawing_means() {
    let d = diagram_of_text(STORY);
    check_mermaid(&d);
    // Parties are boxes; only actors who take part are drawn, in party order.
    assert!(d.contains("    box rgba(66,133,244,0.10) Israel\n        participant Rabin\n        participant Hirschfeld\n        participant Likud\n    end\n"));
    // Off the record: dashed; on the record: solid, to the members of other parties.
    assert!(d.contains(
        "Hirschfeld-->>Qurei: wrap: concedes #quot;the PLO as a partner#quot; [oslo] as partner"
    ));
    assert!(d.contains("Qurei->>Hirschfeld: wrap: proposes #quot;elections#quot; [washington]"));
    assert!(!d.contains("Qurei->>AbdelShafi"), "not to its own side");
    // The intermediary speaks to the three members: three arrows.
    assert_eq!(d.matches("Ross->>").count(), 3);
    // In public: across the whole diagram.
    assert!(d.contains("Note over Rabin,Ross: wrap: Rabin says #quot;no comment#quot; [public]"));
    // Sessions separate; a leak is tinted red with its consequences.
    assert!(d.contains("Note over Rabin,Ross: session 2 · day 2"));
    assert!(d.contains(
        "    rect rgba(219,68,55,0.18)\n        Note over Hirschfeld,Likud: wrap: LEAK partner to Likud by Hirschfeld\n"
    ));
    assert!(d.contains("Note over Hirschfeld,Likud: wrap: → Likud mobilises +2 (now 2)"));
    assert!(d.contains("BREACH of confidence on oslo: Hirschfeld loses access"));
    assert!(d.contains(
        "rect rgba(66,133,244,0.18)\n        Note over Rabin,Ross: wrap: ANNOUNCE partner by Hirschfeld"
    ));
}

#[test]
fn names_and_texts_cannot_break_the_diagram() {
    let d = diagram_of_text(
        r#"
party Red { leader end  envoy Box }
party Blue { leader Note  envoy end_ }
channel rect: backchannel between Box, end_
Box floats "a #1 deal; \"quoted\" <b>x</b> & more\nsecond line" on rect
end says "`ticks`"
"#,
    );
    check_mermaid(&d);
    assert!(d.contains("participant end__ as end"), "{d}");
    assert!(d.contains("participant Box_ as Box"));
    assert!(d.contains("participant end_\n"));
    assert!(d.contains(
        "Box_-->>end_: wrap: floats #quot;a #35;1 deal#59; #quot;quoted#quot; #lt;b#gt;x#lt;/b#gt; #amp; more second line#quot; [rect]"
    ));
}

#[test]
fn a_statement_to_many_is_a_note_and_a_huge_run_is_cut() {
    let mut script = String::from("party A { envoy A1 }\nparty B { envoy B1, B2, B3, B4 }\n");
    script.push_str("channel big: backchannel between A1, B1, B2, B3, B4\n");
    script.push_str("A1 says \"hello\" on big\n");
    let d = diagram_of_text(&script);
    assert!(d.contains("Note over A1,B4: A1 says #quot;hello#quot; [big]"));

    let mut script = String::from("party A { envoy A1 }\nparty B { envoy B1 }\n");
    script.push_str("channel c: informal between A1, B1\n");
    for i in 0..3000 {
        script.push_str(&format!("A1 says \"message number {i}\" on c\n"));
    }
    let d = diagram_of_text(&script);
    check_mermaid(&d);
    assert!(d.contains("more line(s) not drawn: the diagram is too large"));
}

#[test]
fn a_script_that_does_not_check_is_not_drawn() {
    let d = diagram_of_text("party A { leader X }\nY says \"hello\"\n");
    assert_eq!(
        d,
        "sequenceDiagram\n    %% not run: the script has errors (`neg check` lists them)\n"
    );
}

#[test]
fn the_cli_prints_the_diagram_and_the_diagnostics_apart() {
    let (code, out, err) = neg(&["run", "--format", "mermaid", &example("endless_game")]);
    assert_eq!(code, 0);
    assert!(out.starts_with("sequenceDiagram\n"));
    assert!(out.contains("WARNING W0801"));
    assert!(
        err.contains("[W0801] Warning"),
        "diagnostics on stderr: {err}"
    );

    let (code, _, _) = neg(&["run", "-q", "--format", "mermaid", &example("oslo_1993")]);
    assert_eq!(code, 0, "--quiet does not stop the drawing");

    let (code, _, err) = neg(&["check", "--format", "mermaid", &example("oslo_1993")]);
    assert_eq!(code, 2, "only `run` draws");
    assert!(err.contains("mermaid"), "{err}");
}
