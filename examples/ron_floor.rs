//! The floor for the check benchmark: parse every scenario in a folder with `ron` alone, no checks.

fn main() {
    let dir = std::env::args().nth(1).expect("usage: ron_floor DIR");
    let mut parsed = 0;
    for entry in std::fs::read_dir(&dir).expect("a folder") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "ron") && !path.ends_with("guidelines.ron") {
            let text = std::fs::read_to_string(&path).expect("readable");
            let _: replydesk::scenario::Scenario = ron::from_str(&text).expect("valid RON");
            parsed += 1;
        }
    }
    println!("parsed {parsed} files");
}
