//! The documentation stays true: the tutorial's script runs as the tutorial says, the
//! diagrams in the docs are what `neg` draws today, the reference's snippets parse,
//! and links between the docs lead somewhere.

use negscript::driver;
use negscript::report::mermaid;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{ROOT}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The fenced blocks of one language, each with the `## ` heading it is under.
fn blocks(markdown: &str, lang: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut heading = String::new();
    let mut block: Option<String> = None;
    for line in markdown.lines() {
        if let Some(b) = block.as_mut() {
            if line.starts_with("```") {
                out.push((heading.clone(), block.take().unwrap_or_default()));
            } else {
                b.push_str(line);
                b.push('\n');
            }
        } else if let Some(h) = line.strip_prefix("## ") {
            heading = h.to_string();
        } else if line.trim_end() == format!("```{lang}") {
            block = Some(String::new());
        }
    }
    out
}

#[test]
fn the_tutorial_script_runs_as_the_tutorial_says() {
    let tutorial = read("docs/tutorial.md");
    let scripts = blocks(&tutorial, "neg");
    let (_, whole) = scripts
        .iter()
        .find(|(h, _)| h == "The whole script")
        .expect("a section `The whole script`");
    let run = driver::run_text("oslo.neg", whole, true, true);
    assert!(run.diagnostics().is_empty(), "{:?}", run.diagnostics());
    assert_eq!(run.exit_code(), 0);
    assert_eq!(run.interp.expectations.len(), 7);
    assert!(tutorial.contains("7 expectation(s): 7 passed, 0 failed; 0 error(s), 0 warning(s)"));

    // Every step's snippet is part of the whole script, in order, but the mistakes.
    let mut rest = whole.as_str();
    for (heading, snippet) in &scripts {
        if heading == "The whole script" || heading.starts_with("7.") {
            continue;
        }
        let at = rest
            .find(snippet.trim())
            .unwrap_or_else(|| panic!("the snippet of `{heading}` is in the whole script"));
        rest = &rest[at..];
    }

    let drawn = blocks(&tutorial, "mermaid");
    assert_eq!(drawn.len(), 1);
    assert_eq!(
        drawn[0].1,
        mermaid::diagram(&run),
        "the tutorial's diagram is `neg run --format mermaid` of its script"
    );
}

#[test]
fn the_diagrams_in_the_docs_are_what_neg_draws() {
    let doc = read("docs/diagrams.md");
    let drawn = blocks(&doc, "mermaid");
    assert!(drawn.len() >= 5, "several examples are drawn");
    for (heading, diagram) in drawn {
        let name = heading
            .split('`')
            .find(|part| part.starts_with("examples/"))
            .unwrap_or_else(|| panic!("`{heading}` names its example"));
        let run = driver::run_file(&format!("{ROOT}/{name}"), true);
        assert_eq!(
            diagram,
            mermaid::diagram(&run),
            "docs/diagrams.md is out of date for {name}: paste `neg run --format mermaid {name}`"
        );
    }
}

#[test]
fn the_snippets_of_the_reference_and_the_tutorial_parse() {
    for doc in ["docs/reference.md", "docs/tutorial.md"] {
        for (heading, snippet) in blocks(&read(doc), "neg") {
            let (_, diags) = negscript::parser::parse(0, &snippet);
            assert!(diags.is_empty(), "{doc}, `{heading}`: {diags:?}\n{snippet}");
        }
    }
}

/// A heading as GitHub makes it an anchor.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

#[test]
fn links_between_the_docs_lead_somewhere() {
    let mut docs = vec![
        "README.md".to_string(),
        "docs/tutorial.md".to_string(),
        "docs/reference.md".to_string(),
        "docs/diagrams.md".to_string(),
        "docs/codes.md".to_string(),
        "docs/json.md".to_string(),
        "docs/choices.md".to_string(),
    ];
    for code in negscript::codes::Code::ALL {
        docs.push(format!("docs/codes/{code}.md"));
    }
    for doc in docs {
        let text = read(&doc);
        let dir = std::path::Path::new(&doc)
            .parent()
            .unwrap_or(std::path::Path::new(""));
        for (i, _) in text.match_indices("](") {
            let target: String = text[i + 2..].chars().take_while(|c| *c != ')').collect();
            if target.starts_with("http") {
                continue;
            }
            let (path, anchor) = target.split_once('#').unwrap_or((&target, ""));
            let file = if path.is_empty() {
                doc.clone()
            } else {
                normalize(&dir.join(path))
            };
            let full = format!("{ROOT}/{file}");
            assert!(
                std::path::Path::new(&full).exists(),
                "{doc} links to {target}, which does not exist"
            );
            if !anchor.is_empty() {
                let headings = read(&file);
                assert!(
                    headings
                        .lines()
                        .filter_map(|l| l.strip_prefix('#'))
                        .map(|l| slug(l.trim_start_matches('#')))
                        .any(|s| s == anchor),
                    "{doc} links to {target}: no such heading"
                );
            }
        }
    }
}

/// `docs/../examples` → `examples`.
fn normalize(path: &std::path::Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}
