//! The transcript a person reads: session by session, each event with the line it
//! came from, who learned it and what followed; then the summary of the final state.
//! Colour only when asked for (a terminal without `NO_COLOR`).

use super::{channel_status, consequence_text, group_text, item_text, known_facts};
use crate::diagnostic::render;
use crate::driver::Run;
use crate::interp::cond::name_list;
use crate::interp::{Entry, EventKind, Interp};
use crate::ir::*;
use std::fmt::Write;

/// Terminal styles, or nothing.
struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn bold(&self, t: &str) -> String {
        self.wrap("1", t)
    }
    fn dim(&self, t: &str) -> String {
        self.wrap("2", t)
    }
    fn green(&self, t: &str) -> String {
        self.wrap("32", t)
    }
    fn red(&self, t: &str) -> String {
        self.wrap("31", t)
    }
    fn yellow(&self, t: &str) -> String {
        self.wrap("33", t)
    }
}

const WIDTH: usize = 72;

fn rule_line(title: &str) -> String {
    let fill = WIDTH.saturating_sub(title.chars().count() + 4);
    format!("── {title} {}", "─".repeat(fill))
}

/// The whole human output of `neg run`: transcript, summary, diagnostics.
pub fn transcript(run: &Run, color: bool) -> String {
    let paint = Paint(color);
    let st = &run.interp;
    let decls = &run.checker.decls;
    let mut out = String::new();
    let line_of = |span| run.sources.line_col(span).0;
    let mut session_open = false;
    for entry in &st.entries {
        match entry {
            Entry::Session { number, time, .. } => {
                let _ = writeln!(
                    out,
                    "{}",
                    paint.bold(&rule_line(&format!("session {number} · {time}")))
                );
                session_open = true;
            }
            Entry::Event(id) => {
                if !session_open {
                    let _ = writeln!(
                        out,
                        "{}",
                        paint.bold(&rule_line("before the first session"))
                    );
                    session_open = true;
                }
                let ev = &st.events[*id as usize];
                let text = match ev.kind {
                    EventKind::Rule(_) => {
                        format!("rule fires: {}", item_text(&run.sources, ev.span, 60))
                    }
                    _ => item_text(&run.sources, ev.span, 64),
                };
                let _ = writeln!(out, "{:>5}  {text}", line_of(ev.span));
                if let Some(g) = ev.learners {
                    let verb = if matches!(ev.kind, EventKind::Opened(_)) {
                        "known to"
                    } else {
                        "learned by"
                    };
                    let _ = writeln!(
                        out,
                        "         {}",
                        paint.dim(&format!("{verb}: {}", group_text(st, decls, g, 8)))
                    );
                }
                for c in &ev.consequences {
                    let _ = writeln!(
                        out,
                        "         {}",
                        paint.yellow(&format!("→ {}", consequence_text(decls, c)))
                    );
                }
            }
            Entry::Expect(i) => {
                let e = &st.expectations[*i];
                let verdict = if e.passed {
                    paint.green("ok")
                } else {
                    paint.red("FAILED")
                };
                let _ = writeln!(
                    out,
                    "{:>5}  expect {}  {verdict}",
                    line_of(e.span),
                    e.condition
                );
                if !e.passed {
                    let _ = writeln!(out, "         {}", paint.red(&e.reason));
                }
            }
            Entry::Show { span, text } => {
                let _ = writeln!(
                    out,
                    "{:>5}  {}",
                    line_of(*span),
                    item_text(&run.sources, *span, 64)
                );
                for l in text.lines() {
                    let _ = writeln!(out, "         {l}");
                }
            }
            Entry::If { span, taken } => {
                let branch = if *taken {
                    "holds: the first branch runs"
                } else {
                    "does not hold: the `else` branch runs"
                };
                let _ = writeln!(
                    out,
                    "{:>5}  {}",
                    line_of(*span),
                    item_text(&run.sources, *span, 40)
                );
                let _ = writeln!(
                    out,
                    "         {}",
                    paint.dim(&format!("the condition {branch}"))
                );
            }
            Entry::Diagnostic(i) => {
                let d = &st.diagnostics[*i];
                let tag = if d.is_error() {
                    paint.red("error")
                } else {
                    paint.yellow("warning")
                };
                let _ = writeln!(
                    out,
                    "{:>5}  {tag}[{}]: {}",
                    line_of(d.span()),
                    d.code,
                    d.message
                );
            }
        }
    }
    if run.ran {
        out.push('\n');
        out.push_str(&summary(st, decls, color));
    }
    let diags = run.diagnostics();
    if !diags.is_empty() {
        out.push('\n');
        out.push_str(&render(&diags, &run.sources, color));
    }
    out.push_str(&tally(run, color));
    out
}

/// The last line: expectations passed and failed, warnings and errors.
pub fn tally(run: &Run, color: bool) -> String {
    let paint = Paint(color);
    let exps = &run.interp.expectations;
    let failed = exps.iter().filter(|e| !e.passed).count();
    let diags = run.diagnostics();
    let errors = diags
        .iter()
        .filter(|d| d.is_error() && d.code != crate::codes::Code::ExpectationFailed)
        .count();
    let warnings = diags.len() - errors - failed;
    let line = format!(
        "{} expectation(s): {} passed, {} failed; {errors} error(s), {warnings} warning(s)",
        run.interp.expectations_run,
        run.interp.expectations_run - failed,
        failed
    );
    let line = if failed + errors > 0 {
        paint.red(&line)
    } else {
        paint.green(&line)
    };
    let status = if !run.ran && run.has_static_errors() {
        "\nnot run: fix the errors above first".to_string()
    } else if run.stopped {
        "\nstopped by a run-time error".to_string()
    } else {
        String::new()
    };
    format!("{line}{status}\n")
}

/// The final state: channels, knowledge, positions, agreements, numbers, warnings.
pub fn summary(st: &Interp, decls: &Decls, color: bool) -> String {
    let paint = Paint(color);
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint.bold(&rule_line("summary")));

    if !decls.channels.is_empty() {
        let _ = writeln!(out, "channels");
        let w = decls
            .channels
            .iter()
            .map(|c| c.name.chars().count())
            .max()
            .unwrap_or(0);
        for (i, ch) in decls.channels.iter().enumerate() {
            let insiders = name_list(ch.insiders.iter().map(|a| decls.actor_name(*a)), 8);
            let _ = writeln!(
                out,
                "  {:<w$}  {:<11}  {:<10}  insiders: {insiders}",
                ch.name,
                ch.kind.as_str(),
                channel_status(st, decls, i as ChannelId)
            );
        }
    }

    out.push_str(&matrix(st, decls));

    let _ = writeln!(out, "positions");
    if st.positions.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for (p, t) in &st.positions {
        let _ = writeln!(
            out,
            "  {} holds {:?}",
            decls.party_name(*p),
            &decls.texts[*t as usize]
        );
    }
    let unmet: Vec<String> = st
        .unmet_preconditions()
        .map(|(p, t)| {
            format!(
                "{} requires {:?}",
                decls.party_name(p),
                &decls.texts[t as usize]
            )
        })
        .collect();
    if !unmet.is_empty() {
        let _ = writeln!(out, "unmet preconditions");
        for u in unmet {
            let _ = writeln!(out, "  {u}");
        }
    }
    let _ = writeln!(out, "agreements");
    if st.agreements.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for s in &st.agreements {
        let stmt = &decls.stmts[*s as usize];
        let parties = decls.agreement_parties(*s).join(", ");
        let on = stmt
            .channel
            .get()
            .map(|c| format!(" on {}", decls.channels[c as usize].name))
            .unwrap_or_default();
        let text = stmt
            .text
            .get()
            .map(|t| format!("{:?}", &decls.texts[t as usize]))
            .unwrap_or_default();
        let _ = writeln!(out, "  {text} between {parties}{on}");
    }

    let changed_credibility: Vec<String> = (0..st.actors)
        .filter(|a| st.credibility[*a as usize] != 0)
        .map(|a| format!("{} {}", decls.actor_name(a), st.credibility[a as usize]))
        .collect();
    let _ = writeln!(
        out,
        "credibility   {}",
        if changed_credibility.is_empty() {
            "everyone 0".to_string()
        } else {
            changed_credibility.join(", ") + "; others 0"
        }
    );
    let spoilers: Vec<String> = (0..st.actors)
        .filter(|a| decls.actors[*a as usize].role == crate::ast::Role::Spoiler)
        .map(|a| format!("{} {}", decls.actor_name(a), st.mobilization[a as usize]))
        .collect();
    if !spoilers.is_empty() {
        let _ = writeln!(out, "mobilisation  {}", spoilers.join(", "));
    }
    let trust: Vec<String> = st
        .trust_pairs()
        .into_iter()
        .map(|((a, b), v)| format!("{}–{} {v}", decls.party_name(a), decls.party_name(b)))
        .collect();
    let _ = writeln!(
        out,
        "trust         {}",
        if trust.is_empty() {
            "all 0".to_string()
        } else {
            trust.join(", ") + "; others 0"
        }
    );
    let lost: Vec<&str> = (0..st.actors)
        .filter(|a| st.lost_access[*a as usize].is_some())
        .map(|a| decls.actor_name(a))
        .collect();
    if !lost.is_empty() {
        let _ = writeln!(out, "lost access   {}", lost.join(", "));
    }
    out
}

/// Who knows what: actors down, channels and labels across.
fn matrix(st: &Interp, decls: &Decls) -> String {
    const MAX_ACTORS: usize = 40;
    const MAX_FACTS: usize = 14;
    let facts: Vec<Fact> = known_facts(decls).collect();
    let mut out = String::new();
    if facts.is_empty() || st.actors == 0 {
        return out;
    }
    if st.actors as usize > MAX_ACTORS || facts.len() > MAX_FACTS {
        let _ = writeln!(
            out,
            "who knows what: {} actors × {} facts, too many to draw; use `show who knows F` or --format json",
            st.actors,
            facts.len()
        );
        return out;
    }
    let names: Vec<String> = facts.iter().map(|f| decls.fact_name(*f)).collect();
    let aw = (0..st.actors)
        .map(|a| decls.actor_name(a).chars().count())
        .max()
        .unwrap_or(0)
        .max(14);
    let _ = writeln!(out, "who knows what");
    // Column headers, staggered over two lines when long.
    let widths: Vec<usize> = names
        .iter()
        .map(|n| n.chars().count().clamp(3, 12))
        .collect();
    let mut header = format!("  {:aw$}", "");
    for (n, w) in names.iter().zip(&widths) {
        let short: String = n.chars().take(*w).collect();
        let _ = write!(header, "  {short:^w$}");
    }
    let _ = writeln!(out, "{}", header.trim_end());
    for a in 0..st.actors {
        let mut row = format!("  {:aw$}", decls.actor_name(a));
        for (f, w) in facts.iter().zip(&widths) {
            let mark = if st.knows(decls, a, *f) { "✓" } else { "·" };
            let _ = write!(row, "  {mark:^w$}");
        }
        let _ = writeln!(out, "{}", row.trim_end());
    }
    out
}
