//! What an accepted input did, as the REPL shows it under the input.
//!
//! The facts are the transcript's (`report` words them: learners, consequences),
//! laid out for a session of many sources: an item the person just typed is not
//! repeated — it is on the screen above — unless the input held several; any other
//! item (a rule's body, say) is named by where it was written, `repl:4` or
//! `repl:4:2` (the second line of input 4). Warnings and failed expectations are
//! left to the diagnostics drawn after this.

use crate::driver::Run;
use crate::interp::{Entry, EventKind};
use crate::report::{consequence_text, group_text, item_text};
use crate::source::{SourceId, SourceMap, Span};
use std::collections::HashSet;
use std::fmt::Write;

/// Terminal styles, or none.
#[derive(Clone, Copy)]
pub struct Paint(pub bool);

impl Paint {
    pub fn wrap(self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    pub fn dim(self, text: &str) -> String {
        self.wrap("2", text)
    }
}

/// Where a span was written: `repl:4`, `repl:4:2` for the second line of a longer
/// input, or `file.neg:12`.
pub fn location(sources: &SourceMap, span: Span) -> String {
    let source = sources.get(span.src);
    if source.name.starts_with("repl:") && !source.text.trim_end().contains('\n') {
        source.name.clone()
    } else {
        format!("{}:{}", source.name, source.line_col(span.start as usize).0)
    }
}

/// The lines for the entries an input produced; `typed` is the input's source if
/// it is on the screen.
pub fn entries(run: &Run, entries: &[Entry], typed: Option<SourceId>, color: bool) -> String {
    let paint = Paint(color);
    let st = &run.interp;
    let decls = &run.checker.decls;
    let items_typed: HashSet<Span> = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Event(id) => Some(st.events[*id as usize].span),
            _ => None,
        })
        .filter(|span| Some(span.src) == typed)
        .collect();
    let on_screen = |span: Span| Some(span.src) == typed && items_typed.len() == 1;
    let mut out = String::new();
    for entry in entries {
        match entry {
            Entry::Session { number, time, .. } => {
                let title = format!("── session {number} · {time} ");
                let fill = 72usize.saturating_sub(title.chars().count());
                let _ = writeln!(out, "{}", paint.wrap("1", &(title + &"─".repeat(fill))));
            }
            Entry::Event(id) => {
                let ev = &st.events[*id as usize];
                let pad = if on_screen(ev.span) {
                    "  "
                } else {
                    let text = match ev.kind {
                        EventKind::Rule(_) => {
                            format!("rule fires: {}", item_text(&run.sources, ev.span, 56))
                        }
                        _ => item_text(&run.sources, ev.span, 60),
                    };
                    let _ = writeln!(out, "  {}  {text}", location(&run.sources, ev.span));
                    "      "
                };
                let what = match ev.kind {
                    EventKind::Party(p) => Some(format!(
                        "{}: {}",
                        decls.party_name(p),
                        decls.parties[p as usize]
                            .actors
                            .iter()
                            .map(|a| {
                                let actor = &decls.actors[*a as usize];
                                format!("{} {}", actor.role.as_str(), actor.name)
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                    EventKind::Relations { a, b, trust } => Some(format!(
                        "trust between {} and {}: {trust}",
                        decls.party_name(a),
                        decls.party_name(b)
                    )),
                    EventKind::Requires { met, .. } => {
                        Some(if met { "already met" } else { "not met yet" }.to_string())
                    }
                    _ => None,
                };
                if let Some(what) = what {
                    let _ = writeln!(out, "{pad}{}", paint.dim(&what));
                }
                if let Some(g) = ev.learners {
                    let verb = match ev.kind {
                        EventKind::Opened(_) => "known to",
                        _ => "learned by",
                    };
                    let who = group_text(st, decls, g, 12);
                    let _ = writeln!(out, "{pad}{}", paint.dim(&format!("{verb}: {who}")));
                }
                for c in &ev.consequences {
                    let text = format!("→ {}", consequence_text(decls, c));
                    let _ = writeln!(out, "{pad}{}", paint.wrap("33", &text));
                }
            }
            Entry::Expect(i) => {
                let e = &st.expectations[*i];
                let verdict = if e.passed {
                    paint.wrap("32", "ok")
                } else {
                    paint.wrap("31", "FAILED")
                };
                let _ = writeln!(out, "  {verdict}  expect {}", e.condition);
                let _ = writeln!(out, "      {}", paint.dim(&e.reason));
            }
            Entry::Show { span, text } => {
                let pad = if Some(span.src) == typed {
                    "  "
                } else {
                    let _ = writeln!(
                        out,
                        "  {}  {}",
                        location(&run.sources, *span),
                        item_text(&run.sources, *span, 60)
                    );
                    "      "
                };
                for line in text.lines() {
                    let _ = writeln!(out, "{pad}{line}");
                }
            }
            Entry::If { span, taken } => {
                let branch = if *taken {
                    "holds: its first branch runs"
                } else {
                    "does not hold: its `else` branch runs"
                };
                let _ = writeln!(
                    out,
                    "  {}",
                    paint.dim(&format!(
                        "the condition of `{}` {branch}",
                        item_text(&run.sources, *span, 40)
                    ))
                );
            }
            Entry::Diagnostic(_) => {}
        }
    }
    out
}
