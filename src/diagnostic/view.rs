//! What the renderer shows ariadne of a source: the *view*.
//!
//! ariadne prints every line it underlines in full, writes control characters as they
//! are, and starts a new line at separators that `neg` does not count as line breaks.
//! So a 5 MB string on one line would be printed whole (once per diagnostic), a script
//! of garbage could send escape sequences to the terminal, and a form feed would shift
//! the line numbers of everything after it. The view fixes all three, keeping every
//! `\n` where it is so line numbers stay right:
//!
//! - a *shown* line (one a diagnostic points into) longer than [`LONG_LINE`] bytes
//!   keeps only a window of [`CONTEXT`] bytes around each point, the rest cut to `…`;
//! - on shown lines, control characters become visible pictures (`␀`, `␛`, …);
//! - everywhere, the separators ariadne alone breaks lines at (a lone `\r`, vertical
//!   tab, form feed, U+0085, U+2028, U+2029) become spaces of the same byte length;
//! - a line no diagnostic touches is left empty (its `\n` stays): ariadne never
//!   draws it, and so the view of a large script is as small as what is drawn;
//! - the view ends with the last line a diagnostic touches.
//!
//! [`View::to_view`] maps an offset of the source into the view, and
//! [`View::to_original`] back, so that spans can be drawn and the header's column
//! corrected.

use crate::source::breaks;
use std::ops::Range;

/// Shown lines longer than this (in bytes) are cut down to windows.
pub const LONG_LINE: usize = 240;
/// Bytes kept on each side of a point on a long line.
pub const CONTEXT: usize = 48;
const CUT: &str = "…";

/// One stretch of the view: copied from the source (offsets map one to one) or
/// standing in for a stretch of it (a cut, or a replaced character).
#[derive(Clone, Copy, Debug)]
struct Piece {
    orig: usize,
    view: usize,
    orig_len: usize,
    view_len: usize,
    copied: bool,
}

/// A source's text as ariadne is shown it, with the way back to the source.
#[derive(Debug)]
pub struct View {
    pub text: String,
    pieces: Vec<Piece>,
    /// Byte offsets where the view's lines start.
    line_starts: Vec<usize>,
}

impl View {
    /// The view of `text` for diagnostics whose labels cover `spans` (byte ranges).
    pub fn new(text: &str, spans: &[Range<usize>]) -> View {
        let clamp = |p: usize| p.min(text.len());
        // Where labels start and end; ariadne finds a span's last line by its last byte.
        let mut points: Vec<usize> = spans
            .iter()
            .flat_map(|r| [r.start, r.end, r.end.saturating_sub(1).max(r.start)])
            .map(clamp)
            .collect();
        points.sort_unstable();
        points.dedup();
        // The stretches labels cover (from the start of each to its last byte).
        let mut covered: Vec<Range<usize>> = spans
            .iter()
            .map(|r| clamp(r.start)..clamp(r.end.saturating_sub(1).max(r.start)))
            .collect();
        covered.sort_unstable_by_key(|r| r.start);
        let mut b = Builder {
            text: String::new(),
            pieces: Vec::new(),
            src: text,
        };
        let mut start = 0;
        let mut next_point = 0;
        let mut next_covered = 0;
        while start <= text.len() {
            // Lines before the next one a label touches are left empty, in one piece.
            let next = [
                points.get(next_point),
                covered.get(next_covered).map(|r| &r.start),
            ]
            .into_iter()
            .flatten()
            .min()
            .copied();
            // The view ends with the last line a label touches: ariadne keeps a table
            // of every line of what it is shown.
            let Some(next) = next else { break };
            let line_of_next = text[..next].rfind('\n').map_or(0, |i| i + 1);
            if line_of_next > start {
                let breaks = breaks(&text.as_bytes()[start..line_of_next]);
                b.push(start..line_of_next, &"\n".repeat(breaks), false);
                start = line_of_next;
                continue;
            }
            let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            // Points on this line, its line break included.
            let first = next_point;
            while next_point < points.len() && points[next_point] <= end {
                next_point += 1;
            }
            let here = &points[first..next_point];
            // Labels that end before this line are done with.
            while next_covered < covered.len() && covered[next_covered].end < start {
                next_covered += 1;
            }
            let inside = covered[next_covered..]
                .iter()
                .take_while(|r| r.start <= end)
                .any(|r| r.end >= start);
            if !here.is_empty() {
                b.shown(start..end, here);
            } else if inside {
                b.plain(start..end);
            } else {
                b.push(start..end, "", false);
            }
            if end == text.len() {
                break;
            }
            b.copy(end..end + 1);
            start = end + 1;
        }
        let line_starts = std::iter::once(0)
            .chain(b.text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        View {
            text: b.text,
            pieces: b.pieces,
            line_starts,
        }
    }

    /// Where an offset of the source is in the view.
    pub fn to_view(&self, offset: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.orig <= offset);
        let Some(p) = i.checked_sub(1).map(|i| self.pieces[i]) else {
            return 0;
        };
        if p.copied {
            p.view + (offset - p.orig).min(p.view_len)
        } else if offset == p.orig {
            p.view
        } else {
            p.view + p.view_len
        }
    }

    /// Where an offset of the view came from in the source.
    pub fn to_original(&self, offset: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.view <= offset);
        let Some(p) = i.checked_sub(1).map(|i| self.pieces[i]) else {
            return 0;
        };
        if p.copied {
            p.orig + (offset - p.view).min(p.orig_len)
        } else if offset == p.view {
            p.orig
        } else {
            p.orig + p.orig_len
        }
    }

    /// The byte offset in the view of 1-based `line` and `column` (in characters), as
    /// ariadne reports them.
    pub fn offset_of(&self, line: usize, column: usize) -> Option<usize> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let rest = &self.text[start..];
        let within = rest
            .char_indices()
            .nth(column.checked_sub(1)?)
            .map_or(rest.len(), |(i, _)| i);
        Some(start + within)
    }
}

struct Builder<'a> {
    text: String,
    pieces: Vec<Piece>,
    src: &'a str,
}

impl Builder<'_> {
    fn push(&mut self, orig: Range<usize>, view: &str, copied: bool) {
        if orig.is_empty() && view.is_empty() {
            return;
        }
        let piece = Piece {
            orig: orig.start,
            view: self.text.len(),
            orig_len: orig.len(),
            view_len: view.len(),
            copied,
        };
        self.text.push_str(view);
        // Neighbouring copies are one piece.
        if let Some(last) = self.pieces.last_mut()
            && copied
            && last.copied
            && last.orig + last.orig_len == piece.orig
        {
            last.orig_len += piece.orig_len;
            last.view_len += piece.view_len;
            return;
        }
        self.pieces.push(piece);
    }

    fn copy(&mut self, range: Range<usize>) {
        let src = self.src;
        self.push(range.clone(), &src[range], true);
    }

    /// A line nothing points into: never drawn, but its separators must go.
    fn plain(&mut self, range: Range<usize>) {
        let src = self.src;
        let line = &src[range.clone()];
        if !line
            .strip_suffix('\r')
            .unwrap_or(line)
            .contains(is_separator)
        {
            return self.copy(range);
        }
        let same_length: String = line
            .chars()
            .map(|c| {
                if is_separator(c) {
                    " ".repeat(c.len_utf8())
                } else {
                    c.to_string()
                }
            })
            .collect();
        // Same length, so offsets still map one to one.
        self.push(range, &same_length, true);
    }

    /// A line a diagnostic points into: windows around the points if it is long,
    /// and every character made printable.
    fn shown(&mut self, range: Range<usize>, points: &[usize]) {
        if range.len() <= LONG_LINE {
            return self.printable(range);
        }
        let src = self.src;
        let mut windows: Vec<Range<usize>> = Vec::new();
        for &p in points {
            let mut lo = p.saturating_sub(CONTEXT).max(range.start);
            let mut hi = (p + CONTEXT).min(range.end);
            while !src.is_char_boundary(lo) {
                lo -= 1;
            }
            while !src.is_char_boundary(hi) {
                hi += 1;
            }
            match windows.last_mut() {
                // Close windows are one: a cut must save more than it costs.
                Some(last) if lo <= last.end + 2 * CUT.len() => last.end = last.end.max(hi),
                _ => windows.push(lo..hi),
            }
        }
        let mut at = range.start;
        for w in windows {
            if w.start > at {
                self.push(at..w.start, CUT, false);
            }
            self.printable(w.start.max(at)..w.end);
            at = w.end.max(at);
        }
        if at < range.end {
            self.push(at..range.end, CUT, false);
        }
    }

    fn printable(&mut self, range: Range<usize>) {
        let src = self.src;
        let mut run = range.start;
        for (i, c) in src[range.clone()].char_indices() {
            let at = range.start + i;
            // A `\r` before the line's `\n` is a CRLF line ending: ariadne knows it.
            let crlf = c == '\r' && at + 1 == range.end && src[range.end..].starts_with('\n');
            if let Some(picture) = picture(c).filter(|_| !crlf) {
                self.copy(run..at);
                self.push(at..at + c.len_utf8(), picture, false);
                run = at + c.len_utf8();
            }
        }
        self.copy(run..range.end);
    }
}

/// Breaks a line for ariadne but not for `neg` (whose lines end at `\n` only).
fn is_separator(c: char) -> bool {
    matches!(
        c,
        '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// How a character that must not reach the terminal as it is, is drawn.
fn picture(c: char) -> Option<&'static str> {
    const C0: [&str; 32] = [
        "␀", "␁", "␂", "␃", "␄", "␅", "␆", "␇", "␈", "␉", "␊", "␋", "␌", "␍", "␎", "␏", "␐", "␑",
        "␒", "␓", "␔", "␕", "␖", "␗", "␘", "␙", "␚", "␛", "␜", "␝", "␞", "␟",
    ];
    match c {
        '\t' => None,
        c if (c as u32) < 32 => Some(C0[c as usize]),
        '\u{7F}' => Some("␡"),
        '\u{80}'..='\u{9F}' | '\u{2028}' | '\u{2029}' => Some("\u{FFFD}"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::View;

    #[test]
    fn untouched_lines_are_left_empty_and_offsets_still_map() {
        let text = "a\nbb\nccc\ndddd\n";
        let view = View::new(text, std::slice::from_ref(&(5..7)));
        assert_eq!(view.text, "\n\nccc\n\n");
        assert_eq!(view.to_view(5), 2);
        assert_eq!(view.to_original(2), 5);
        assert_eq!(view.offset_of(3, 2), Some(3));
    }

    #[test]
    fn every_line_a_label_spans_is_kept() {
        let text = "a\nbb\nccc\ndddd\neeeee\n";
        let view = View::new(text, std::slice::from_ref(&(3..10)));
        assert_eq!(view.text, "\nbb\nccc\ndddd\n\n");
        // The first line is left empty: one byte shorter.
        assert_eq!(view.to_view(10), 9);
        assert_eq!(view.to_original(9), 10);
    }
}
