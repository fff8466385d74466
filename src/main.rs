fn main() {
    let mut sm = negscript::source::SourceMap::new();
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap();
        let id = sm.add(path.clone(), text.clone());
        let (prog, diags) = negscript::parser::parse(id, &text);
        println!("{path}: {} items", prog.items.len());
        print!("{}", negscript::diagnostic::render(&diags, &sm, false));
    }
}
