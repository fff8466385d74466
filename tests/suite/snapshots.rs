//! Snapshots: each holds a script and what `neg` shows for it, colourless, so a
//! reader sees both side by side. Every error code has a script in `tests/errors/`
//! (its header names the code, and the test checks the code is reported); every
//! failing conformance fixture and every example is snapshotted too, examples also
//! as JSON.

use negscript::driver::{Run, run_file};
use negscript::report;
use std::path::Path;

fn scripts(dir: &str) -> Vec<String> {
    let mut paths: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "neg"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    paths.sort();
    paths
}

fn stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

fn source_and(path: &str, heading: &str, output: &str) -> String {
    let source = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
    format!("{source}\n──── {heading} ────\n{output}")
}

fn transcript(path: &str) -> (Run, String) {
    let run = run_file(path, true);
    let text = report::text::transcript(&run, false);
    (run, text)
}

#[test]
fn every_error_code_has_a_script_and_a_snapshot() {
    let mut seen = Vec::new();
    for path in scripts("tests/errors") {
        let source = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let code = source
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# code: "))
            .expect("a `# code:` header")
            .trim()
            .to_string();
        let (run, text) = transcript(&path);
        let codes: Vec<&str> = run.diagnostics().iter().map(|d| d.code.as_str()).collect();
        assert!(
            codes.contains(&code.as_str()),
            "{path}: expected {code}, got {codes:?}"
        );
        assert_eq!(
            codes.len(),
            1,
            "{path}: one mistake, one diagnostic: {codes:?}"
        );
        insta::assert_snapshot!(
            format!("error_{}", stem(&path)),
            source_and(&path, "neg run", &text)
        );
        seen.push(code);
    }
    // Codes that need inputs too large or too odd for a file here, or the REPL, are
    // tested elsewhere (cli.rs, rules.rs, src/repl).
    let elsewhere = ["E0001", "E0003", "E0604", "E0901", "E0902"];
    for code in negscript::codes::Code::ALL {
        let c = code.as_str();
        assert!(
            seen.iter().any(|s| s == c) || elsewhere.contains(&c),
            "no script in tests/errors/ for {c}"
        );
    }
}

#[test]
fn failing_conformance_fixtures() {
    for path in scripts("../shared/conformance/fail") {
        let (run, text) = transcript(&path);
        assert_ne!(run.exit_code(), 0, "{path}");
        insta::assert_snapshot!(
            format!("fail_{}", stem(&path)),
            source_and(&path, "neg run", &text)
        );
    }
}

#[test]
fn passing_conformance_scripts_transcript_and_json() {
    for path in scripts("../shared/conformance/pass") {
        let (run, text) = transcript(&path);
        assert_eq!(run.exit_code(), 0, "{path}: {text}");
        insta::assert_snapshot!(
            format!("pass_{}", stem(&path)),
            source_and(&path, "neg run", &text)
        );
        let json = serde_json::to_string_pretty(&report::json::document(&run)).unwrap();
        insta::assert_snapshot!(format!("pass_{}_json", stem(&path)), json);
    }
}

#[test]
fn examples_run_green_transcript_and_json() {
    let examples = scripts("examples");
    assert!(examples.len() >= 8, "at least eight examples");
    for path in examples {
        let (run, text) = transcript(&path);
        assert_eq!(run.exit_code(), 0, "{path}: {text}");
        assert!(
            !run.interp.expectations.is_empty(),
            "{path}: an example states its lessons as expectations"
        );
        insta::assert_snapshot!(
            format!("example_{}", stem(&path)),
            source_and(&path, "neg run", &text)
        );
        let json = serde_json::to_string_pretty(&report::json::document(&run)).unwrap();
        insta::assert_snapshot!(format!("example_{}_json", stem(&path)), json);
    }
}
