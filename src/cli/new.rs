//! `replydesk new SCENARIO_ID`: a commented starter scenario that passes the checker.

use super::Failure;
use crate::scenario::check::is_safe_id;
use std::path::Path;
use std::process::ExitCode;

pub fn run(id: &str, folder: &Path) -> Result<ExitCode, Failure> {
    if !is_safe_id(id) {
        return Err(Failure::Message(format!(
            "`{id}` cannot be a scenario id: use letters, digits, `-` and `_` (for example `holiday-hours`)"
        )));
    }
    if !folder.is_dir() {
        return Err(Failure::Message(format!(
            "{} is not a folder: pass --scenarios DIR to choose where the file goes",
            folder.display()
        )));
    }
    let path = folder.join(format!("{id}.ron"));
    let text = TEMPLATE.replace("__ID__", id);
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(mut file) => {
            std::io::Write::write_all(&mut file, text.as_bytes())
                .map_err(|e| Failure::Message(format!("cannot write {}: {e}", path.display())))?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Failure::Message(format!(
                "{} already exists; choose another id or edit that file",
                path.display()
            )));
        }
        Err(e) => {
            return Err(Failure::Message(format!(
                "cannot create {}: {e}",
                path.display()
            )));
        }
    }
    println!("wrote {}", path.display());
    println!(
        "next: edit it, then `replydesk check {0}` and try it with `replydesk play {0} --watch`",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The starter file. It uses the guideline ids of the shipped guidelines.ron: if yours differ,
/// `replydesk check` names the ones to change.
pub const TEMPLATE: &str = r##"// A new scenario. Lines starting with // are comments: keep them or delete them.
// Check it with `replydesk check`, try it with `replydesk play __ID__ --watch`.
// The whole format is explained in docs/authoring.md.
Scenario(
    id: "__ID__",                  // must stay unique in the folder
    title: "A new scenario",       // shown on Home
    summary: "One line that tells the trainee what this shift is about.",
    difficulty: Beginner,          // Beginner | Intermediate | Advanced
    pass_score: 70,                // 0 to 100
    // draw: 3,                    // play 3 of the posts below, drawn at random each run
    shuffle_options: true,         // show the options in a different order each run
    posts: [
        Post(
            id: "first-question",  // unique in this file, follow-ups included
            at: 0,                 // arrives this many simulated seconds after the start
            jitter: 20,            // ...give or take up to 20 seconds
            kind: Genuine,         // Genuine | Obscure | Sarcastic | Problematic (the trainee never sees it)
            channel: Hashtag,      // Mention | Hashtag | DirectMessage
            author: (handle: "@new_reader", name: "Alex", bio: "Just moved to town", followers: 40),
            text: "#AskALibrarian do you have books in Polish? 😊",
            respond_within: 600,   // seconds before an answer counts as late
            options: [                // 4 options a post (3 for a follow-up); each wrong one
                                      // as polished as the best, wrong for one reason
                (id: "answer", action: Reply,
                 text: "Hi Alex! Yes: Central has a Polish collection, and you can borrow Polish e-books in {ebook_app} too.",
                 scores: {"welcoming": 2, "accurate": 2},   // -2 to 2 per guideline id from guidelines.ron
                 feedback: "Specific and friendly: says where the books are and another way to get them."),
                (id: "padded", action: Reply,
                 text: "Hi Alex, welcome to town! Yes, Central has Polish books. We also run English conversation classes, a homework club, free wifi and lots of events!",
                 scores: {"welcoming": 2, "accurate": 2, "relevant": -2},
                 feedback: "The answer is there but buried under services Alex did not ask about. If Alex had asked what the library offers newcomers, this would be the better reply."),
                (id: "dm", action: DirectMessage,
                 text: "Hi Alex, could you tell us a bit more about what you like to read, so we can suggest something?",
                 scores: {"welcoming": 1, "accurate": -1},
                 feedback: "Kind, but Alex asked a simple yes-or-no question in public: answer it there first."),
                // A follow-up post arriving 120 s after an option is chosen goes inside that
                // option, before its closing `)`, as: follow_up: (after: 120, post: Post(...)),
                (id: "ignore", action: NoResponse,
                 scores: {"timely": -2, "welcoming": -1},   // `facts` in guidelines.ron fill {names} like {ebook_app}
                 feedback: "A genuine question left unanswered says nobody is home."),
            ],
        ),
    ],
)
"##;
