//! The binary: exit codes and output formats (LANGUAGE.md §6).

use crate::neg;
use std::process::Command;

fn fixture(kind: &str, name: &str) -> String {
    format!(
        "{}/../shared/conformance/{kind}/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn exit_codes_follow_the_contract() {
    assert_eq!(neg(&["run", &fixture("pass", "01_existence.neg")]).0, 0);
    assert_eq!(
        neg(&["run", &fixture("expect", "01_failed_expectations.neg")]).0,
        1
    );
    assert_eq!(
        neg(&["run", &fixture("fail", "08_lost_access.neg")]).0,
        1,
        "a run-time error"
    );
    assert_eq!(
        neg(&["run", &fixture("fail", "01_unknown_actor.neg")]).0,
        2,
        "a static error"
    );
    assert_eq!(
        neg(&["run", "--no-such-flag", "x.neg"]).0,
        2,
        "a wrong command line"
    );
    assert_eq!(neg(&["run", "/no/such/file.neg"]).0, 2, "a missing file");
}

#[test]
fn json_is_printed_even_with_errors() {
    let (code, out, _) = neg(&[
        "run",
        "--format",
        "json",
        &fixture("fail", "01_unknown_actor.neg"),
    ]);
    assert_eq!(code, 2);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("one JSON document");
    let d = &doc["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "E0301");
    assert_eq!(d["line"], 6);
    assert_eq!(d["column"], 1);
    assert!(d["help"].as_str().unwrap().contains("Hirschfeld"));
}

#[test]
fn a_directory_or_a_missing_file_is_a_clear_error() {
    let (code, out, _) = neg(&["run", "--format", "json", "tests"]);
    assert_eq!(code, 2);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["diagnostics"][0]["code"], "E0001");
    assert!(
        doc["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("directory")
    );
    let (code, _, err) = neg(&["check", "no/such/script.neg"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("E0001") && err.contains("no/such/script.neg"),
        "{err}"
    );
}

#[test]
fn a_script_can_come_from_standard_input() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_neg"))
        .args(["run", "--quiet", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"party A { envoy Ari }\nexpect not Ari lost access\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 passed, 0 failed"));
}

#[test]
fn a_reader_that_goes_away_is_not_a_crash() {
    // `neg run … | head`: the pipe closes before neg has written everything.
    let mut child = Command::new(env!("CARGO_BIN_EXE_neg"))
        .args(["run", "--format", "json", "examples/oslo_1993.neg"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn stats_count_the_memory_of_each_stage() {
    let script = format!("{}/examples/oslo_1993.neg", env!("CARGO_MANIFEST_DIR"));
    let (code, _, err) = neg(&["run", "--quiet", "--stats", &script]);
    assert_eq!(code, 0, "{err}");
    let stages: Vec<&str> = err.lines().skip(1).take(4).collect();
    assert_eq!(stages.len(), 4, "{err}");
    for (line, name) in stages
        .iter()
        .zip(["read", "parse+check+run", "report", "total"])
    {
        assert!(line.starts_with(name), "{line:?} is the row of {name}");
        assert!(line.ends_with(" MiB"), "{line:?} shows the stage's memory");
    }
    // The run holds its own copy of the script, so its peak is at least the script.
    let times = err
        .split("peak memory ")
        .nth(1)
        .and_then(|rest| rest.split('×').next())
        .and_then(|n| n.parse::<f64>().ok());
    assert!(times.is_some_and(|t| t >= 1.0), "{err}");
}

/// The stages of a `--stats` table, as (name, milliseconds).
fn stage_times(err: &str) -> Vec<(String, f64)> {
    let rows = err.lines().skip_while(|l| !l.starts_with("stage "));
    let row = |line: &str| {
        let (name, rest) = line.split_once(" ms")?.0.rsplit_once(' ')?;
        Some((name.trim_end().to_string(), rest.parse().ok()?))
    };
    rows.skip(1).map_while(row).collect()
}

#[test]
fn stats_show_how_long_each_thread_was_busy() {
    // Large enough (some 100 KB) for the parser to have a thread of its own.
    let mut script = String::from(
        "party A { leader Al  envoy Ann }\nparty B { leader Bo }\n\
         channel c: backchannel between Ann, Bo\n",
    );
    for i in 0..2_000 {
        script.push_str(&format!("Ann proposes Bo \"offer {i} on water\" on c\n"));
    }
    let dir = env!("CARGO_TARGET_TMPDIR");
    let path = format!("{dir}/stats_threads.neg");
    std::fs::write(&path, script).expect("the script is written");
    let (code, _, err) = neg(&["run", "--quiet", "--stats", &path]);
    assert_eq!(code, 0, "{err}");
    let stages = stage_times(&err);
    let names: Vec<&str> = stages.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "read",
            "parse+check+run",
            "  parse (busy)",
            "  check+run (busy)",
            "report",
            "total"
        ],
        "{err}"
    );
    // Each thread is busy for no longer than the stage it is part of (give or take
    // the rounding to a tenth of a millisecond), and the total leaves the parts out.
    let time = |name: &str| stages.iter().find(|(n, _)| n == name).map(|(_, t)| *t);
    let stage = time("parse+check+run").unwrap();
    assert!(time("  parse (busy)").unwrap() <= stage + 0.1, "{err}");
    assert!(time("  check+run (busy)").unwrap() <= stage + 0.1, "{err}");
    let whole: f64 = ["read", "parse+check+run", "report"]
        .iter()
        .filter_map(|n| time(n))
        .sum();
    assert!((time("total").unwrap() - whole).abs() <= 0.2, "{err}");
}
