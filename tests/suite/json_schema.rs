//! Every field documented in docs/json.md is present in real output.

use negscript::driver::run_text;
use serde_json::Value;
use std::collections::BTreeSet;

/// The backticked names in the first column of docs/json.md's tables.
fn documented_fields() -> BTreeSet<String> {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/json.md")).unwrap();
    doc.lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_string)
        .collect()
}

fn keys(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.clone());
                keys(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

#[test]
fn every_documented_field_is_present() {
    let script = r#"
        party A { leader Alma  envoy Ari  spoiler Hawk }
        party B { envoy Bea }
        A requires "recognition"
        channel quiet: backchannel between Ari, Bea
        at day 1
        Ari concedes "the river" on quiet as river
        agree "peace" between A, B on quiet as peace
        expect Bea knows river
        leak river to Hawk by Ari
        Bea concedes "recognition"
        Ari misspelt "a typo"
    "#;
    // A script that does not parse still gives the document, with diagnostics.
    let broken = run_text("broken.neg", script, true, true);
    let ok = run_text(
        "ok.neg",
        &script.replace("Ari misspelt \"a typo\"", "expect Hawk is mobilized"),
        true,
        true,
    );
    assert_eq!((broken.exit_code(), ok.exit_code()), (2, 0));
    let mut present = BTreeSet::new();
    for run in [&broken, &ok] {
        keys(
            &serde_json::to_value(negscript::report::json::document(run)).unwrap(),
            &mut present,
        );
    }
    let documented = documented_fields();
    assert!(
        documented.len() > 40,
        "docs/json.md lists its fields in tables"
    );
    let missing: Vec<_> = documented.difference(&present).collect();
    assert!(
        missing.is_empty(),
        "documented but not in the output: {missing:?}"
    );
    let undocumented: Vec<_> = present.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "in the output but not documented: {undocumented:?}"
    );
}
