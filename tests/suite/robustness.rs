//! Bad and extreme inputs: each gives a clear diagnostic and exit status, never a
//! panic, an abort or a hang (issue 7). Also the limits (nesting, rule cascades,
//! diagnostics drawn, input size), reading scripts (missing, directory, not UTF-8,
//! changed while read), and the replay of every input the fuzzers found
//! (`tests/fuzz_regressions/`).

use crate::neg;
use negscript::codes::Code;
use negscript::diagnostic::{MAX_KEPT, MAX_SHOWN, render};
use negscript::driver::{FileStamp, MAX_INPUT, Run, changed_while_read, run_bytes, run_text};
use negscript::interp::EventKind;
use negscript::parser::MAX_DEPTH;
use negscript::report;

/// Runs a script given as text, with the transcript kept.
fn run(text: &str) -> Run {
    run_text("robust.neg", text, true, true)
}

fn codes(run: &Run) -> Vec<&'static str> {
    run.diagnostics().iter().map(|d| d.code.as_str()).collect()
}

/// Everything a person or a tool would see: diagnostics drawn, transcript, JSON.
/// Drawing must not panic either.
fn shown(run: &Run) -> String {
    let drawn = render(&run.diagnostics(), &run.sources, false);
    let transcript = report::text::transcript(run, false);
    let json = serde_json::to_string(&report::json::document(run)).expect("JSON");
    format!("{drawn}{transcript}{json}")
}

/// A file under the target directory, unique to the test.
fn temp_file(name: &str, bytes: &[u8]) -> String {
    let dir = format!("{}/robustness", env!("CARGO_TARGET_TMPDIR"));
    std::fs::create_dir_all(&dir).unwrap();
    let path = format!("{dir}/{name}");
    std::fs::write(&path, bytes).unwrap();
    path
}

const PARTIES: &str =
    "party Israel { leader Rabin envoy Hirschfeld spoiler Likud public IsraeliPublic }
party PLO { leader Arafat envoy Qurei }
channel oslo: backchannel { members Hirschfeld, Qurei authorized by Rabin, Arafat }
";

/// Deterministic noise.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 56) as u8
        })
        .collect()
}

// ---- bytes that are not a script ----------------------------------------------------

#[test]
fn garbage_bytes_are_reported_as_not_utf8_at_the_first_bad_byte() {
    let bytes = noise(100_000, 7);
    let bad = std::str::from_utf8(&bytes).unwrap_err().valid_up_to();
    let run = run_bytes("garbage.neg", bytes, true, true);
    assert_eq!(codes(&run), ["E0002"]);
    assert_eq!(run.exit_code(), 2);
    assert!(!run.ran);
    assert!(
        run.diagnostics()[0]
            .message
            .contains(&format!("at byte {bad}"))
    );
    shown(&run);
}

#[test]
fn printable_garbage_is_reported_without_a_flood() {
    let bytes: Vec<u8> = noise(200_000, 11)
        .into_iter()
        .map(|b| b" \n{}()\",:=<>!#-.0123456789abcXYZ_@$%"[b as usize % 36])
        .collect();
    let run = run_bytes("noise.neg", bytes, true, true);
    assert_eq!(run.exit_code(), 2);
    assert!(!run.ran);
    let drawn = render(&run.diagnostics(), &run.sources, false);
    assert!(drawn.contains("more error(s)"), "the rest are summarised");
    assert!(
        drawn.len() < 200_000,
        "drawing is bounded: {} bytes",
        drawn.len()
    );
}

#[test]
fn invalid_utf8_gives_the_byte_offset_and_exit_2() {
    let mut bytes = format!("{PARTIES}Hirschfeld floats \"caf").into_bytes();
    let at = bytes.len();
    bytes.extend_from_slice(b"\xe9\" on oslo\n");
    let run = run_bytes("latin1.neg", bytes.clone(), true, false);
    assert_eq!(codes(&run), ["E0002"]);
    let d = &run.diagnostics()[0];
    assert!(
        d.message.contains(&format!("at byte {at}")),
        "{}",
        d.message
    );
    let json = d.to_json(&run.sources);
    assert_eq!((json.line, json.column), (4, 23));
    let drawn = render(&run.diagnostics(), &run.sources, false);
    assert!(drawn.contains("latin1.neg:4:23"), "{drawn}");

    let path = temp_file("latin1.neg", &bytes);
    let (status, out, _) = neg(&["run", &path]);
    assert_eq!(status, 2);
    assert!(
        out.contains("E0002") && out.contains(&format!("at byte {at}")),
        "{out}"
    );
}

#[test]
fn nul_bytes_are_unexpected_characters_drawn_visibly() {
    let run = run(&format!("{PARTIES}Hirschfeld floats \"x\"\0 on oslo\0\0\n"));
    assert_eq!(
        codes(&run),
        ["E0101", "E0101"],
        "a run of NULs is one error"
    );
    assert_eq!(run.exit_code(), 2);
    assert!(run.diagnostics()[0].message.contains("U+0000"));
    let drawn = render(&run.diagnostics(), &run.sources, false);
    assert!(drawn.contains('␀') && !drawn.contains('\0'), "{drawn}");
}

#[test]
fn control_characters_reach_the_terminal_as_pictures_only() {
    let run = run("party P { leader A }\n\x1b[31m A says \"x\"\n");
    assert_eq!(codes(&run), ["E0101"]);
    let drawn = render(&run.diagnostics(), &run.sources, false);
    assert!(
        drawn.contains("␛[31m") && !drawn.contains('\x1b'),
        "{drawn}"
    );
}

#[test]
fn form_feeds_and_lone_carriage_returns_do_not_shift_line_numbers() {
    let run = run(
        "party P { leader A }\x0c\rparty Q { envoy B } # \u{2028}\u{85}\x0b\nA says \"x\" on nowhere\n",
    );
    assert_eq!(codes(&run), ["E0301"]);
    let drawn = render(&run.diagnostics(), &run.sources, false);
    assert!(drawn.contains("robust.neg:2:15 ]"), "{drawn}");
    assert_eq!(run.diagnostics()[0].to_json(&run.sources).line, 2);
}

// ---- nesting ----------------------------------------------------------------------

#[test]
fn fifty_thousand_nested_parentheses_are_too_deep() {
    let text = format!(
        "{PARTIES}expect {}Rabin knows oslo{}\n",
        "(".repeat(50_000),
        ")".repeat(50_000)
    );
    let run = run(&text);
    assert_eq!(codes(&run), ["E0202"]);
    assert_eq!(run.exit_code(), 2);
    let drawn = render(&run.diagnostics(), &run.sources, false);
    assert!(
        drawn.len() < 5_000,
        "the line is cut: {} bytes",
        drawn.len()
    );
    assert!(
        drawn.contains(&format!("robust.neg:4:{}", 8 + MAX_DEPTH)),
        "{drawn}"
    );
}

#[test]
fn fifty_thousand_nots_are_too_deep() {
    let run = run(&format!(
        "{PARTIES}expect {}Rabin knows oslo\n",
        "not ".repeat(50_000)
    ));
    assert_eq!(codes(&run), ["E0202"]);
    assert_eq!(run.exit_code(), 2);
}

#[test]
fn fifty_thousand_nested_braces_are_too_deep() {
    let run = run(&format!(
        "{PARTIES}{}{}\n",
        "if Rabin knows oslo { ".repeat(50_000),
        "}".repeat(50_000)
    ));
    assert_eq!(codes(&run), ["E0202"]);
}

#[test]
fn a_million_else_ifs_are_too_deep() {
    // Each `if` of a chain sits inside the `else` of the one before: a level each.
    let run = run(&format!(
        "{PARTIES}if Rabin knows oslo {{ }}{}\n",
        " else if Rabin knows oslo { }".repeat(1_000_000)
    ));
    assert_eq!(codes(&run), ["E0202"]);
}

#[test]
fn a_chain_of_else_ifs_below_the_limit_runs_and_ends_with_its_last_body() {
    // The chain is as deep as the limit allows, and what follows it is not inside it.
    let chain = format!(
        "if Likud knows oslo {{ }}{} else {{ Rabin says \"last\" }}\n",
        " else if Likud knows oslo { }".repeat(MAX_DEPTH - 1)
    );
    let nested = format!(
        "{}{}\n",
        "if Rabin knows \"last\" { ".repeat(MAX_DEPTH),
        "}".repeat(MAX_DEPTH)
    );
    let run = run(&format!(
        "{PARTIES}{chain}{chain}{nested}expect Arafat knows \"last\"\n"
    ));
    assert_eq!(codes(&run), Vec::<&str>::new());
    assert_eq!(run.exit_code(), 0);
}

#[test]
fn nesting_just_below_the_limit_parses_checks_and_runs() {
    // Each `{` is a level (a `not` only counts with the `not`s right before it).
    let depth = MAX_DEPTH - 1;
    let text = format!(
        "{PARTIES}{}Rabin says \"deep\"{}\nexpect {}Arafat knows \"deep\"{}\n",
        "if not Likud knows oslo { ".repeat(depth),
        " }".repeat(depth),
        "(".repeat(MAX_DEPTH - 1),
        ")".repeat(MAX_DEPTH - 1),
    );
    let run = run(&text);
    assert_eq!(codes(&run), Vec::<&str>::new());
    assert_eq!(run.exit_code(), 0);
    shown(&run);
}

#[test]
fn nesting_just_below_the_limit_parses_on_the_parsers_thread() {
    // A script this large is parsed on a thread of its own, with a stack of its own
    // (the one above is parsed on the test's thread). A comment makes it large.
    let depth = MAX_DEPTH - 1;
    let text = format!(
        "{PARTIES}# {}\nif Likud knows oslo {{ }}{}\n{}Rabin says \"deep\"{}\nexpect {}Arafat knows \"deep\"{}\n",
        "padding ".repeat(20_000),
        " else if Likud knows oslo { }".repeat(depth),
        "if not Likud knows oslo { ".repeat(depth),
        " }".repeat(depth),
        "(".repeat(depth),
        ")".repeat(depth),
    );
    assert!(text.len() > 128 * 1024);
    let run = run(&text);
    assert_eq!(codes(&run), Vec::<&str>::new());
    assert_eq!(run.exit_code(), 0);
    assert!(run.interp.expectations[0].passed);
}

// ---- size -------------------------------------------------------------------------

#[test]
fn a_five_megabyte_string_runs() {
    let big = "x".repeat(5_000_000);
    let run = run(&format!(
        "{PARTIES}Hirschfeld floats \"{big}\" on oslo as huge\nexpect Qurei knows huge\n"
    ));
    assert_eq!(run.exit_code(), 0);
    assert!(run.interp.expectations[0].passed);
}

#[test]
fn a_five_megabyte_unterminated_string_is_drawn_short() {
    let big = "x".repeat(5_000_000);
    let run = run(&format!("{PARTIES}Hirschfeld floats \"{big}\n"));
    assert_eq!(codes(&run), ["E0102"]);
    let drawn = render(&run.diagnostics(), &run.sources, false);
    assert!(drawn.len() < 2_000, "{} bytes drawn", drawn.len());
    assert!(drawn.contains("robust.neg:4:19"), "{drawn}");
}

#[test]
fn a_name_of_a_hundred_thousand_characters_is_shortened_in_messages() {
    let long = "N".repeat(100_000);
    let line = format!("{long}B says \"x\" on nowhere");
    let run = run(&format!("party P {{ leader {long}A }}\n{line}\n"));
    assert_eq!(codes(&run), ["E0301", "E0301"]);
    let d = &run.diagnostics()[0];
    assert!(
        d.help.is_none(),
        "no \"did you mean\" search between huge names"
    );
    let drawn = render(&run.diagnostics(), &run.sources, false);
    assert!(drawn.len() < 4_000, "{} bytes drawn", drawn.len());
    assert!(drawn.contains("robust.neg:2:1 ]"));
    let column = line.find("nowhere").unwrap() + 1;
    assert!(
        drawn.contains(&format!("robust.neg:2:{column} ]")),
        "{drawn}"
    );
    assert_eq!(run.diagnostics()[1].to_json(&run.sources).column, column);
}

#[test]
fn twenty_thousand_broken_lines_are_counted_not_drawn() {
    let mut text = String::from(PARTIES);
    for i in 0..20_000 {
        text.push_str(&format!("Hirschfeld floats \"x\" on on {i} }} oslo\n"));
    }
    let run = run(&text);
    let diags = run.diagnostics();
    let lines: std::collections::BTreeSet<usize> = diags
        .iter()
        .map(|d| run.sources.line_col(d.span()).0)
        .collect();
    assert_eq!(lines.len(), 20_000, "each broken line is reported");
    assert!(diags.iter().all(|d| d.code == Code::Syntax));
    assert_eq!(run.exit_code(), 2);
    let drawn = render(&diags, &run.sources, false);
    assert_eq!(drawn.matches("[E0201] Error").count(), MAX_SHOWN);
    assert!(
        drawn.contains(&format!(
            "... and {} more error(s) and 0 more warning(s) not shown",
            diags.len() - MAX_SHOWN
        )),
        "{}",
        &drawn[drawn.len() - 200..]
    );
}

#[test]
fn past_a_hundred_thousand_mistakes_the_rest_are_counted() {
    let run = run(&"@ ".repeat(MAX_KEPT + 5));
    let diags = run.diagnostics();
    assert_eq!(diags.len(), MAX_KEPT + 1);
    let last = diags.last().unwrap();
    assert_eq!(last.code, Code::UnexpectedChar);
    assert!(
        last.message.starts_with("5 more problems"),
        "{}",
        last.message
    );
    assert_eq!(last.span().start as usize, 2 * MAX_KEPT);

    let run = self::run(&"}".repeat(MAX_KEPT + 7));
    let diags = run.diagnostics();
    assert_eq!(diags.len(), MAX_KEPT + 1);
    assert!(diags.last().unwrap().message.starts_with("7 more problems"));
}

#[test]
fn a_huge_integer_does_not_fit() {
    let run = run(&format!(
        "{PARTIES}at day 99999999999999999999999999999999\nexpect credibility of Rabin == -99999999999999999999\n"
    ));
    assert_eq!(codes(&run), ["E0105", "E0105"]);
    assert_eq!(run.exit_code(), 2);
}

#[test]
fn extreme_numbers_that_fit_run() {
    let run = run(&format!(
        "{PARTIES}at day {}\nat day {}\nexpect credibility of Rabin > {} and credibility of Rabin < 1{}.5\n",
        i64::MIN,
        i64::MAX,
        i64::MIN,
        "0".repeat(300),
    ));
    assert_eq!(codes(&run), Vec::<&str>::new());
    assert_eq!(run.exit_code(), 0);
    let overflow = self::run(&format!(
        "{PARTIES}expect trust between Israel, PLO < 1{}.0\n",
        "0".repeat(400)
    ));
    assert_eq!(
        codes(&overflow),
        ["E0105"],
        "a decimal past f64 does not fit either"
    );
}

#[test]
fn input_over_the_limit_is_refused() {
    let run = run_text("huge.neg", &" ".repeat(MAX_INPUT + 1), true, false);
    assert_eq!(codes(&run), ["E0003"]);
    assert_eq!(run.exit_code(), 2);
    assert!(!run.ran);

    // A sparse file: the size is known before anything is read.
    let path = temp_file("sparse.neg", b"");
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(MAX_INPUT as u64 + 1)
        .unwrap();
    let (status, out, _) = neg(&["run", "--quiet", &path]);
    assert_eq!(status, 2);
    assert!(out.contains("E0003") && out.contains("the limit"), "{out}");
}

// ---- encodings and line endings -----------------------------------------------------

#[test]
fn a_byte_order_mark_is_not_part_of_the_script() {
    let text = format!("{PARTIES}Qurei says \"x\" on olso\n");
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    let run = run_bytes("bom.neg", bytes, true, false);
    let plain = run_text("bom.neg", &text, true, false);
    assert_eq!(codes(&run), ["E0301"]);
    let (a, b) = (
        run.diagnostics()[0].to_json(&run.sources),
        plain.diagnostics()[0].to_json(&plain.sources),
    );
    assert_eq!((a.line, a.column), (b.line, b.column));

    let mut ok = b"\xef\xbb\xbf".to_vec();
    ok.extend_from_slice(format!("{PARTIES}expect Rabin knows oslo\n").as_bytes());
    let path = temp_file("bom.neg", &ok);
    assert_eq!(neg(&["run", &path]).0, 0);
}

#[test]
fn crlf_scripts_run_and_point_at_the_same_places() {
    let lf = format!(
        "{PARTIES}Hirschfeld concedes \"x\" on oslo as partner\nleak partner to Likud\nexpect oslo is exposed and mobilization of Likud == 2\nexpect Arafat knows nothing_here\n"
    );
    let crlf = lf.replace('\n', "\r\n");
    let (a, b) = (run(&lf), run(&crlf));
    assert_eq!(codes(&a), ["E0301"]);
    assert_eq!(codes(&a), codes(&b));
    let (ja, jb) = (
        a.diagnostics()[0].to_json(&a.sources),
        b.diagnostics()[0].to_json(&b.sources),
    );
    assert_eq!((ja.line, ja.column), (jb.line, jb.column));
    let valid = lf.lines().take(6).collect::<Vec<_>>().join("\r\n") + "\r\n";
    let run = run(&valid);
    assert_eq!(run.exit_code(), 0, "{:?}", codes(&run));
    assert_eq!(run.interp.expectations.len(), 1);
    assert!(run.interp.expectations[0].passed);
}

// ---- mistakes ---------------------------------------------------------------------

#[test]
fn keywords_used_as_names_are_one_error_each_with_a_suggestion() {
    let run = run(
        "party party { leader leader }\nparty P { envoy when }\nchannel at: formal between Ari\nlet leak = \"x\"\n",
    );
    assert!(
        codes(&run).iter().all(|c| *c == "E0201"),
        "{:?}",
        codes(&run)
    );
    assert_eq!(codes(&run).len(), 4, "{:?}", codes(&run));
    for d in run.diagnostics() {
        assert!(
            d.help.as_deref().unwrap_or("").contains("reserved word"),
            "{d}"
        );
    }
}

#[test]
fn an_unclosed_brace_is_reported_at_the_brace() {
    let run = run(&format!(
        "{PARTIES}when Likud knows oslo {{\n  Rabin says \"calm\"\nexpect Rabin knows oslo\n"
    ));
    assert_eq!(codes(&run), ["E0201"]);
    let d = &run.diagnostics()[0];
    assert_eq!(d.message, "this `{` is never closed");
    let json = d.to_json(&run.sources);
    assert_eq!((json.line, json.column), (4, 23));
    assert_eq!(run.exit_code(), 2);
}

#[test]
fn a_brace_that_closes_nothing_is_reported_and_the_rest_is_checked() {
    let run = run(&format!("{PARTIES}}}\nRabin says \"x\" on nowhere\n"));
    assert_eq!(codes(&run), ["E0201", "E0301"]);
    assert!(run.diagnostics()[0].message.contains("no `{` is open"));
}

#[test]
fn nested_unclosed_bodies_are_each_reported_quickly() {
    // Each unclosed level used to double the time of recovery.
    let mut text = String::from(PARTIES);
    text.push_str(&"when Likud knows oslo { ".repeat(MAX_DEPTH - 1));
    text.push_str(&"Rabin says \"x\"\n".repeat(2_000));
    let run = run(&text);
    assert_eq!(codes(&run).len(), MAX_DEPTH - 1);
    assert!(
        run.diagnostics()
            .iter()
            .all(|d| d.message == "this `{` is never closed")
    );
}

#[test]
fn a_when_rule_that_retriggers_itself_fires_once() {
    let run = run(&format!(
        "{PARTIES}when Arafat knows \"again\" {{ Qurei says \"again\" on oslo }}\nHirschfeld says \"again\" on oslo\nexpect Hirschfeld knows \"again\"\n"
    ));
    assert_eq!(run.exit_code(), 0, "{:?}", codes(&run));
    let fired = run
        .interp
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Rule(_)))
        .count();
    assert_eq!(fired, 1);
}

/// `n` rules, each fired by the one before: `when A knows "tI" { A says "tI+1" }`.
fn chain(n: usize) -> String {
    let mut text = String::from("party P { leader A }\n");
    for i in 0..n {
        text.push_str(&format!(
            "when A knows \"t{i}\" {{ A says \"t{}\" }}\n",
            i + 1
        ));
    }
    text.push_str(&format!("A says \"t0\"\nexpect A knows \"t{n}\"\n"));
    text
}

#[test]
fn two_thousand_chained_rules_all_fire() {
    let run = run_text("chain.neg", &chain(2_000), true, false);
    assert_eq!(run.exit_code(), 0);
    assert_eq!(
        (run.interp.expectations_run, run.interp.expectations.len()),
        (1, 0),
        "one expectation ran, and held"
    );
}

// The cascade limit itself is tested at a small value in `rules.rs`.

// ---- the model at scale -------------------------------------------------------------

#[test]
fn leaking_everything_again_and_again_reuses_one_audience() {
    // A new group per leak made every later leak slower: cubic in all.
    let mut text = String::from(PARTIES);
    for i in 0..300 {
        text.push_str(&format!("Hirschfeld concedes \"c{i}\" on oslo\n"));
    }
    for _ in 0..300 {
        text.push_str("leak everything on oslo to IsraeliPublic, Likud\n");
    }
    text.push_str("expect mobilization of Likud == 600\n");
    let run = run(&text);
    assert_eq!(run.exit_code(), 0, "{:?}", codes(&run));
    assert_eq!(run.interp.knowledge.lists.len(), 1);
}

#[test]
fn forum_shopping_after_many_offers_names_the_first_conflicting_one() {
    let mut text = String::from(
        "party A { envoy Ari }\nparty B { envoy Bo }\nchannel one: backchannel between Ari, Bo\nchannel two: backchannel between Ari, Bo\n",
    );
    text.push_str("Ari proposes \"same\" about land on one\n");
    for i in 0..2_000 {
        text.push_str(&format!("Ari proposes \"offer {i}\" about land on one\n"));
    }
    text.push_str("Ari proposes \"same\" about land on two\n");
    text.push_str("Ari proposes \"other\" about land on two\n");
    text.push_str("Ari proposes \"third\" about land on one\n");
    let run = run(&text);
    let warnings: Vec<_> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.code == Code::ForumShopping)
        .collect();
    assert_eq!(warnings.len(), 1, "once per party and issue");
    let w = &warnings[0];
    let line = |s| run.sources.line_col(s).0;
    assert_eq!(
        line(w.span()),
        5 + 2_000 + 1,
        "the first statement on `two`"
    );
    assert_eq!(
        line(w.labels[1].span),
        6,
        "the first offer on `one` not \"same\""
    );

    // The first conflicting offer is cited even after many that do not conflict.
    let mut text = String::from(
        "party A { envoy Ari }\nparty B { envoy Bo }\nchannel one: backchannel between Ari, Bo\nchannel two: backchannel between Ari, Bo\n",
    );
    text.push_str("Ari proposes \"same\" about land on one\n");
    text.push_str(&"Ari proposes \"same\" about land on two\n".repeat(2_000));
    text.push_str("Ari proposes \"new\" about land on one\n");
    let run = self::run(&text);
    let warnings: Vec<_> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.code == Code::ForumShopping)
        .collect();
    assert_eq!(warnings.len(), 1);
    let line = |s| run.sources.line_col(s).0;
    assert_eq!(line(warnings[0].span()), 5 + 2_000 + 1);
    assert_eq!(
        line(warnings[0].labels[1].span),
        6,
        "the first offer on `two`"
    );
}

// ---- reading scripts ----------------------------------------------------------------

#[test]
fn a_missing_file_is_exit_2() {
    let (status, out, _) = neg(&["run", "--quiet", "/no/such/dir/script.neg"]);
    assert_eq!(status, 2);
    assert!(
        out.contains("[E0001]") && out.contains("No such file"),
        "{out}"
    );
    let (status, _, err) = neg(&["check", "/no/such/dir/script.neg"]);
    assert_eq!(status, 2);
    assert!(err.contains("[E0001]"), "{err}");
}

#[test]
fn a_directory_is_exit_2() {
    let (status, out, _) = neg(&["run", "--quiet", env!("CARGO_MANIFEST_DIR")]);
    assert_eq!(status, 2);
    assert!(
        out.contains("[E0001]") && out.contains("it is a directory"),
        "{out}"
    );
}

#[test]
fn a_file_that_changes_while_read_is_refused() {
    let at = std::time::SystemTime::UNIX_EPOCH;
    let later = at + std::time::Duration::from_secs(1);
    let stamp = |len, modified| FileStamp { len, modified };
    assert_eq!(
        changed_while_read(stamp(10, Some(at)), stamp(10, Some(at)), 10),
        None
    );
    let grew = changed_while_read(stamp(10, Some(at)), stamp(20, Some(later)), 15).unwrap();
    assert!(grew.contains("changed while being read") && grew.contains("from 10 to 20"));
    let touched = changed_while_read(stamp(10, Some(at)), stamp(10, Some(later)), 10).unwrap();
    assert!(touched.contains("modified"));
    let short = changed_while_read(stamp(10, Some(at)), stamp(10, Some(at)), 4).unwrap();
    assert!(short.contains("4 of its 10 bytes"));
    // Files whose size the system does not know (as in /proc) are not refused.
    assert_eq!(
        changed_while_read(stamp(0, None), stamp(0, None), 300),
        None
    );
}

#[test]
fn a_device_that_never_ends_is_refused_at_the_limit() {
    if std::path::Path::new("/dev/zero").exists() {
        let (status, out, _) = neg(&["run", "--quiet", "/dev/zero"]);
        assert_eq!(status, 2);
        assert!(out.contains("[E0003]"), "{out}");
    }
}

// ---- fuzz regressions ---------------------------------------------------------------

/// Every input a fuzzer found a crash or hang with is kept in
/// `tests/fuzz_regressions/` and replayed through the whole pipeline here.
#[test]
fn fuzz_regressions_replay_without_panics() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz_regressions");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/fuzz_regressions")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let run = run_bytes(&path.to_string_lossy(), bytes, true, true);
        shown(&run);
        let text = run.sources.get(run.src).text.clone();
        for d in run.diagnostics() {
            for l in &d.labels {
                assert!(
                    l.span.start <= l.span.end && l.span.end as usize <= text.len(),
                    "{}: {d} has a span outside the input",
                    path.display()
                );
            }
        }
    }
}
