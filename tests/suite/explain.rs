//! The explanations of `neg explain` (docs/codes/*.md): every code has one, in the
//! expected shape, and its examples are honest — the example under "Example" reports
//! exactly that code, and every script under "How to fix it" runs clean. Codes whose
//! example is not a script (reading errors, limits) are triggered here another way.

use crate::neg;
use negscript::codes::Code;
use negscript::driver::{self, Run};

/// Codes whose "Example" is not a `.neg` script, and why.
const NOT_A_SCRIPT: &[(&str, &str)] = &[
    ("E0001", "a file that cannot be read"),
    ("E0002", "bytes that are not UTF-8"),
    ("E0003", "a file over 16 MiB"),
    ("E0202", "201 nested parentheses"),
    ("E0604", "10,001 chained rules"),
    ("E0901", "a REPL command (tested in src/repl)"),
    ("E0902", "a file the REPL cannot write (tested in src/repl)"),
];

/// Codes whose explanation must say what diplomatic idea is behind them.
fn has_idea(code: Code) -> bool {
    let c = code.as_str();
    c.starts_with("W08") || matches!(c, "E0305" | "E0405" | "E0601" | "E0602" | "E0603")
}

/// The `neg` blocks of the section that starts with `## {heading}`.
fn neg_blocks(markdown: &str, heading: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut in_section = false;
    let mut block: Option<String> = None;
    for line in markdown.lines() {
        if let Some(b) = block.as_mut() {
            if line.starts_with("```") {
                blocks.push(block.take().unwrap_or_default());
            } else {
                b.push_str(line);
                b.push('\n');
            }
            continue;
        }
        if let Some(h) = line.strip_prefix("## ") {
            in_section = h.trim() == heading;
        } else if in_section && line.trim_end() == "```neg" {
            block = Some(String::new());
        }
    }
    blocks
}

/// The codes a run reported, after drawing them (which must not panic either).
fn codes_of(run: &Run) -> Vec<Code> {
    let diags = run.diagnostics();
    let drawn = negscript::diagnostic::render(&diags, &run.sources, false);
    for d in &diags {
        assert!(drawn.contains(&format!("[{}]", d.code)), "{d} is drawn");
    }
    diags.iter().map(|d| d.code).collect()
}

fn run(name: &str, text: &str) -> Run {
    driver::run_text(name, text, true, true)
}

#[test]
fn every_code_has_an_explanation_in_shape() {
    for &code in Code::ALL {
        let text = code.explanation();
        let first = text.lines().next().unwrap_or_default();
        assert_eq!(
            first,
            format!("# {}: {}", code.as_str(), code.title()),
            "the first line of docs/codes/{code}.md is `# CODE: title`, as in codes.rs"
        );
        for section in ["## Example", "## How to fix it"] {
            assert!(
                text.lines().any(|l| l == section),
                "docs/codes/{code}.md has no `{section}` section"
            );
        }
        assert_eq!(
            text.lines().any(|l| l == "## The idea behind it"),
            has_idea(code),
            "docs/codes/{code}.md: the model's rules and warnings explain their idea"
        );
    }
}

#[test]
fn every_example_reports_its_code_and_every_fix_runs_clean() {
    for &code in Code::ALL {
        let text = code.explanation();
        let examples = neg_blocks(text, "Example");
        let special = NOT_A_SCRIPT.iter().any(|(c, _)| *c == code.as_str());
        if special {
            assert!(examples.is_empty(), "{code}: listed as not a script");
        } else {
            assert_eq!(examples.len(), 1, "{code}: one `neg` block under Example");
            let r = run(&format!("{code}.neg"), &examples[0]);
            let codes = codes_of(&r);
            assert!(
                !codes.is_empty() && codes.iter().all(|c| *c == code),
                "{code}: the example should report {code} and nothing else, but reports {codes:?}"
            );
        }
        let fixes = neg_blocks(text, "How to fix it");
        assert!(
            !fixes.is_empty()
                || code.as_str().starts_with("E000")
                || code.as_str().starts_with("E09"),
            "{code}: a fixed script under `How to fix it`"
        );
        for fix in fixes {
            let r = run(&format!("{code}-fixed.neg"), &fix);
            assert!(
                r.diagnostics().is_empty() && r.exit_code() == 0,
                "{code}: the fix should run clean, but reports {:?}:\n{fix}",
                codes_of(&r)
            );
        }
    }
}

/// A scratch folder of this test binary's own.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("explain");
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir.join(name)
}

#[test]
fn the_codes_without_a_script_example_are_real_too() {
    // E0001: a missing file, and a folder.
    let r = driver::run_file("/no/such/folder/script.neg", true);
    assert_eq!(codes_of(&r), [Code::CannotRead]);
    let r = driver::run_file(env!("CARGO_MANIFEST_DIR"), true);
    assert_eq!(codes_of(&r), [Code::CannotRead]);

    // E0002: the Latin-1 byte for `ø` (drawing it once panicked: the span fell
    // inside the replacement character).
    let latin1 = scratch("latin1.neg");
    std::fs::write(
        &latin1,
        b"party Norway { intermediary Larsen }\nLarsen says \"R\xF8d-Larsen\"\n",
    )
    .expect("written");
    let r = driver::run_file(latin1.to_str().unwrap_or_default(), true);
    assert_eq!(codes_of(&r), [Code::NotUtf8]);

    // E0003: a sparse file one byte over the limit (nothing is read).
    let huge = scratch("huge.neg");
    let file = std::fs::File::create(&huge).expect("created");
    file.set_len(driver::MAX_INPUT as u64 + 1).expect("sized");
    let r = driver::run_file(huge.to_str().unwrap_or_default(), true);
    assert_eq!(codes_of(&r), [Code::TooLarge]);
    drop(file);
    let _ = std::fs::remove_file(&huge);

    // E0202: 201 nested parentheses.
    let depth = negscript::parser::MAX_DEPTH + 1;
    let text = format!(
        "party Israel {{ leader Rabin }}\nexpect {}Rabin knows \"peace\"{}\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    assert_eq!(codes_of(&run("deep.neg", &text)), [Code::TooDeep]);

    // E0604 needs more than `MAX_CASCADE` rules firing in one cascade: its explanation
    // names the limit, and tests/suite/rules.rs triggers it with a lower limit.
    assert!(Code::RuleLimit.explanation().contains("10,000"));
    assert_eq!(negscript::interp::MAX_CASCADE, 10_000);
}

#[test]
fn the_table_of_codes_lists_every_code_with_its_title() {
    let table = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/codes.md"))
        .expect("docs/codes.md");
    for &code in Code::ALL {
        let row = format!("| [{code}](codes/{code}.md) | {} |", code.title());
        assert!(table.contains(&row), "docs/codes.md lacks the row {row}");
    }
}

#[test]
fn neg_explain_prints_the_explanation_and_lists_the_codes() {
    let (code, out, _) = neg(&["explain", "w0802"]);
    assert_eq!(code, 0);
    assert_eq!(out, Code::ForumShopping.explanation());
    assert!(out.contains("## The idea behind it"));

    let (code, out, _) = neg(&["explain"]);
    assert_eq!(code, 0);
    for c in Code::ALL {
        assert!(out.contains(&format!("{c}  {}", c.title())), "{c} listed");
    }

    let (code, _, err) = neg(&["explain", "E9999"]);
    assert_eq!(code, 2);
    assert!(err.contains("`E9999` is not a diagnostic code"));
}
