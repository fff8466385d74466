//! The whole pipeline on structure-aware inputs: the bytes drive the generator of
//! valid scripts shared with the property tests (`tests/suite/script_gen.rs`), so
//! most inputs get past the parser and the checker into the interpreter. When the
//! first byte is odd, the script is then broken in a few places ([`mutate`]).
//! Unbroken scripts must check without errors: the generator is tested too.
#![no_main]

mod common;
#[path = "../../tests/suite/script_gen.rs"]
mod script_gen;

use script_gen::{Choices, Names, Script, mutate};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (&first, rest) = data.split_first().unwrap_or((&0, &[]));
    let (generate, breaks) = rest.split_at(rest.len() * 7 / 8);
    let script = Script::generate(&mut Choices::new(generate));
    let text = script.render(&Names::plain(&script));
    if first % 2 == 1 {
        let broken = mutate(&text, &mut Choices::new(breaks));
        common::pipeline(broken.as_bytes());
    } else {
        let run = common::pipeline(text.as_bytes());
        assert!(
            !run.has_static_errors(),
            "a generated script does not check:\n{text}\n{:?}",
            run.diagnostics()
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
        );
    }
});
