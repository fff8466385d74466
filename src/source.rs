//! Sources: every text `neg` reads — a script file, a REPL input — is registered
//! here under a [`SourceId`], and every span in the program points into one of them.
//!
//! A [`Span`] is a source id plus a byte range. Byte offsets are what the lexer
//! produces and what the renderer hands to ariadne; lines and columns (1-based,
//! columns counted in characters) are computed only when a diagnostic is shown.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Index of a source in a [`SourceMap`].
pub type SourceId = u32;

/// A byte range inside one source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub src: SourceId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(src: SourceId, range: Range<usize>) -> Self {
        Span {
            src,
            start: range.start as u32,
            end: range.end as u32,
        }
    }

    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span {
            src: self.src,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

impl chumsky::span::Span for Span {
    type Context = SourceId;
    type Offset = u32;

    fn new(src: SourceId, range: Range<u32>) -> Self {
        Span {
            src,
            start: range.start,
            end: range.end,
        }
    }
    fn context(&self) -> SourceId {
        self.src
    }
    fn start(&self) -> u32 {
        self.start
    }
    fn end(&self) -> u32 {
        self.end
    }
}

/// One registered text with its name (a path, or `repl:7`) and an index of its lines.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    /// Shared with the tables of texts and names that keep slices of it by their
    /// place ([`crate::ir::Texts`]).
    pub text: std::sync::Arc<String>,
    /// How many line breaks come before each [`BLOCK`] bytes (before byte 0, 4096,
    /// 8192, …), counted the first time a line is asked for: a script without
    /// diagnostics never needs them. A line is then found from the block it lies in,
    /// by counting at most 4 KiB of line breaks; the index of a 64 MiB script is
    /// 64 KiB, and counting whole blocks is as fast as a byte scan.
    marks: std::sync::OnceLock<Vec<u32>>,
}

/// Bytes from one mark of a [`Source`]'s line index to the next.
const BLOCK: usize = 4096;

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            text: std::sync::Arc::new(text.into()),
            marks: std::sync::OnceLock::new(),
        }
    }

    fn marks(&self) -> &[u32] {
        self.marks.get_or_init(|| {
            let blocks = self.text.as_bytes().chunks(BLOCK);
            std::iter::once(0)
                .chain(blocks.scan(0, |before, block| {
                    *before += breaks(block) as u32;
                    Some(*before)
                }))
                .collect()
        })
    }

    /// Where 0-based line `i` starts, if there is such a line: just after the `i`th
    /// line break.
    fn line_start(&self, i: usize) -> Option<usize> {
        let Some(skip) = i.checked_sub(1) else {
            return Some(0);
        };
        // The block holding the break: the last with fewer than `i` breaks before it.
        let marks = self.marks();
        if marks.last().is_some_and(|&all| (all as usize) < i) {
            return None;
        }
        let block = marks.partition_point(|&m| (m as usize) < i) - 1;
        let from = block * BLOCK;
        let skip = skip - marks[block] as usize;
        memchr::memchr_iter(b'\n', &self.text.as_bytes()[from..])
            .nth(skip)
            .map(|at| from + at + 1)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let block = offset / BLOCK;
        let bytes = self.text.as_bytes();
        let line = self.marks()[block] as usize + breaks(&bytes[block * BLOCK..offset]);
        let start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |at| at + 1);
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        (line + 1, self.text[start..end].chars().count() + 1)
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self
            .line_start(line.wrapping_sub(1))
            .unwrap_or(self.text.len());
        let end = self.line_start(line).unwrap_or(self.text.len()).max(start);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// How many line breaks `bytes` holds.
pub(crate) fn breaks(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

/// Every source `neg` has read in this process, by id.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    sources: Vec<Source>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> SourceId {
        self.sources.push(Source::new(name, text));
        (self.sources.len() - 1) as SourceId
    }

    pub fn get(&self, id: SourceId) -> &Source {
        &self.sources[id as usize]
    }

    pub fn len(&self) -> usize {
        self.sources.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// Forgets every source from `len` on (the REPL's undo).
    pub fn truncate(&mut self, len: usize) {
        self.sources.truncate(len);
    }

    /// 1-based (line, column) of a span's start.
    pub fn line_col(&self, span: Span) -> (usize, usize) {
        self.get(span.src).line_col(span.start as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines and columns found the slow way: every line start.
    fn naive(text: &str, offset: usize) -> (usize, usize) {
        let before = &text[..offset];
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        (
            before.matches('\n').count() + 1,
            text[start..offset].chars().count() + 1,
        )
    }

    #[test]
    fn lines_are_found_from_the_marks() {
        // Lines of varied lengths (some empty, some not ASCII, one longer than a
        // block) across several blocks, and a text that fills its blocks exactly.
        let mut varied: String = (0..3000)
            .map(|i| format!("{}é{}\n", "x".repeat(i % 7), "\n".repeat(i % 3)))
            .collect();
        varied.insert_str(9000, &"y".repeat(2 * BLOCK + 5));
        let exact = "a\n".repeat(2 * BLOCK / 2);
        for text in [&varied, &exact, "", "\n", "a", "a\n", "\n\n\nb"] {
            let source = Source::new("t", text);
            // Every offset near a block's edge, and a sample of the others.
            let near_an_edge = |o: usize| o % BLOCK < 3 || o % BLOCK > BLOCK - 3;
            let offsets = (0..=text.len()).filter(|&o| near_an_edge(o) || o % 61 == 0);
            for offset in offsets.filter(|&o| text.is_char_boundary(o)) {
                assert_eq!(
                    source.line_col(offset),
                    naive(text, offset),
                    "{offset} in {text:?}"
                );
            }
            let lines: Vec<&str> = text.split('\n').collect();
            for (i, line) in lines.iter().enumerate() {
                assert_eq!(source.line_text(i + 1), *line, "line {} of {text:?}", i + 1);
            }
            assert_eq!(source.line_text(lines.len() + 1), "");
            assert_eq!(source.line_text(0), "");
        }
    }
}
