//! negscript: the `.neg` language of diplomatic negotiations and its interpreter.
//!
//! The stages, each a module: [`source`] (texts and spans) → [`lexer`] → [`parser`]
//! → [`ast`] → [`check`] (names, roles, static rules; lowers to [`ir`]) →
//! [`interp`] (the channel model) → [`report`] (transcript, JSON, diagrams). [`diagnostic`]
//! is the one error type and its renderer; [`codes`] lists the stable codes.
//! [`print`](mod@print) turns a syntax tree back into source.
//! [`repl`] is the interactive session over all of them.
//! [`stats`] measures the time and memory of each stage.

pub mod ast;
pub mod check;
pub mod codes;
pub mod diagnostic;
pub mod driver;
pub mod interp;
pub mod ir;
pub mod lexer;
pub mod model;
pub mod numbering;
pub mod parser;
pub mod print;
pub mod repl;
pub mod report;
pub mod source;
pub mod stats;

/// Hash maps and sets with a fast hash: keys here are ids and names from the script.
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub(crate) type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;
