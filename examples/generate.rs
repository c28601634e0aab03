//! Writes a folder of generated scenarios for benchmarks, each post written as the checker asks
//! (four options of similar length and graded worth): `generate DIR SCENARIOS POSTS_EACH [AT]`.
//! Every post arrives at `AT` (default: spread out), so `generate d 1 2000 0` makes a 2,000-post feed.

use std::fmt::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(count), Some(posts)) = (args.first(), args.get(1), args.get(2)) else {
        eprintln!("usage: generate DIR SCENARIOS POSTS_EACH [AT]");
        std::process::exit(2);
    };
    let count: usize = count.parse().expect("SCENARIOS is a number");
    let posts: usize = posts.parse().expect("POSTS_EACH is a number");
    let at: Option<u32> = args.get(3).map(|a| a.parse().expect("AT is a number"));
    std::fs::create_dir_all(dir).expect("the folder can be created");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join("scenarios/guidelines.ron"),
        std::path::Path::new(dir).join("guidelines.ron"),
    )
    .expect("guidelines.ron is copied");
    for s in 0..count {
        let mut text = format!(
            "Scenario(\n    id: \"generated-{s}\",\n    title: \"Generated {s}\",\n    summary: \"A generated scenario.\",\n    difficulty: Intermediate,\n    pass_score: 70,\n    posts: [\n"
        );
        for p in 0..posts {
            let arrival = at.unwrap_or((p * 30) as u32);
            let _ = write!(
                text,
                r##"        Post(id: "p{p}", at: {arrival}, jitter: 10, kind: {kind}, channel: Mention,
            author: (handle: "@reader_{p}", name: "Reader {p}", bio: "Generated reader", followers: {p}),
            text: "#AskALibrarian question number {p} about opening hours, e-books and the reading group 📚",
            respond_within: 600,
            options: [
                (id: "good", action: Reply, text: "Hi! We're open 9 to 5, e-books are in the app, and the group meets on Tuesdays.",
                 scores: {{"welcoming": 2, "accurate": 2}}, feedback: "Warm and complete."),
                (id: "padded", action: Reply, text: "Open 9 to 5! Ask us about e-books, wifi, crafts and our homework club too.",
                 scores: {{"welcoming": 2, "accurate": 1, "relevant": -2}}, feedback: "Right, but buried under what nobody asked."),
                (id: "dm", action: DirectMessage, text: "Hi! Could you tell us which branch you mean, so we can check its hours?",
                 scores: {{"welcoming": 1, "accurate": -1}}, feedback: "Kind, but a public question is answered in public."),
                (id: "none", action: NoResponse, scores: {{"timely": -2, "welcoming": -1}}, feedback: "Unanswered."),
            ]),
"##,
                kind = ["Genuine", "Obscure", "Sarcastic", "Problematic"][p % 4],
            );
        }
        text.push_str("    ],\n)\n");
        std::fs::write(
            std::path::Path::new(dir).join(format!("generated-{s}.ron")),
            text,
        )
        .expect("the file is written");
    }
}
