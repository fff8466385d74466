//! `grammar/neg.ebnf` stays true to the lexer and parser, and the samples of
//! LANGUAGE.md parse.

use negscript::lexer::{Kw, Token, lex};
use negscript::parser::parse;

fn grammar() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/grammar/neg.ebnf"))
        .expect("grammar/neg.ebnf")
}

/// The quoted words of the grammar, outside comments.
fn quoted_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("(*") {
        collect_quoted(&rest[..start], &mut out);
        rest = rest[start..]
            .find("*)")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    collect_quoted(rest, &mut out);
    out
}

fn collect_quoted(text: &str, out: &mut Vec<String>) {
    let mut parts = text.split('"');
    parts.next();
    while let (Some(word), Some(_)) = (parts.next(), parts.next()) {
        out.push(word.to_string());
    }
}

#[test]
fn every_keyword_appears_in_the_grammar() {
    let words = quoted_words(&grammar());
    let missing: Vec<&str> = Kw::ALL
        .iter()
        .map(|k| k.as_str())
        .filter(|k| !words.iter().any(|w| w == k))
        .collect();
    assert!(
        missing.is_empty(),
        "keywords missing from grammar/neg.ebnf: {missing:?}"
    );
}

#[test]
fn every_quoted_word_of_the_grammar_is_a_token() {
    for word in quoted_words(&grammar()) {
        let (tokens, diags) = lex(0, &word);
        assert!(
            diags.is_empty() && tokens.len() == 1,
            "`{word}` in the grammar is not one token"
        );
        let is_word = word.chars().all(|c| c.is_ascii_lowercase());
        assert!(
            !is_word || matches!(tokens[0].0, Token::Kw(_)),
            "`{word}` is in the grammar but the lexer does not reserve it"
        );
    }
}

/// The ```neg blocks of a Markdown file.
fn neg_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start()) {
            (None, l) if l.starts_with("```neg") => current = Some(String::new()),
            (Some(block), l) if l.starts_with("```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            _ => {}
        }
    }
    blocks
}

#[test]
fn the_samples_of_language_md_parse() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/LANGUAGE.md");
    let Ok(text) = std::fs::read_to_string(path) else {
        panic!("../shared/LANGUAGE.md must sit beside the project");
    };
    let blocks = neg_blocks(&text);
    assert!(blocks.len() >= 7, "found only {} neg blocks", blocks.len());
    for block in blocks {
        let (_, diags) = parse(0, &block);
        assert!(
            diags.is_empty(),
            "a sample of LANGUAGE.md does not parse: {:?}\n{block}",
            diags
        );
    }
}

#[test]
fn the_samples_of_the_readme_run_green() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for block in neg_blocks(&text) {
        let run = negscript::driver::run_text("README.md", &block, true, false);
        assert_eq!(
            run.exit_code(),
            0,
            "README sample fails: {:?}\n{block}",
            run.diagnostics()
        );
    }
}
