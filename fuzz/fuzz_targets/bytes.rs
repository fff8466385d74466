//! The whole pipeline on arbitrary bytes: decoding (UTF-8, BOM), lexing, parsing,
//! checking, running, and drawing diagnostics, transcript and JSON.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::pipeline(data);
});
