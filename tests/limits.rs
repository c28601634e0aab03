//! Hard limits: each has its own message naming the file and what to change, never a panic.

use replydesk::scenario::catalog;
use std::path::Path;

fn folder_with(name: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/guidelines.ron"),
        dir.path().join("guidelines.ron"),
    )
    .unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn post(id: &str, text: &str) -> String {
    format!(
        r#"Post(id: "{id}", kind: Genuine, channel: Mention, author: (handle: "@a", name: "A"), text: "{text}", respond_within: 60,
           options: [(id: "y", action: Like, scores: {{"welcoming": 1}}, feedback: "f"), (id: "n", action: NoResponse, feedback: "f")])"#
    )
}

fn scenario(posts: &[String]) -> String {
    format!(
        r#"Scenario(id: "limits", title: "L", summary: "S", difficulty: Beginner, pass_score: 50, posts: [{}])"#,
        posts.join(",\n")
    )
}

fn only_error(path: &Path) -> String {
    let c = catalog::load(&[path.to_path_buf()], None);
    assert!(c.scenarios.is_empty());
    assert_eq!(c.error_count(), 1, "{:?}", c.diagnostics);
    let d = c.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(d.file, path);
    d.message.clone()
}

#[test]
fn post_text_longer_than_the_limit() {
    let (_dir, path) = folder_with("long.ron", &scenario(&[post("p", &"a".repeat(5_001))]));
    let m = only_error(&path);
    assert!(
        m.contains("post `p` text is 5001 characters; the limit is 5000"),
        "{m}"
    );
}

#[test]
fn more_posts_than_a_scenario_may_hold() {
    let posts: Vec<String> = (0..5_001).map(|i| post(&format!("p{i}"), "?")).collect();
    let (_dir, path) = folder_with("many.ron", &scenario(&posts));
    let m = only_error(&path);
    assert!(
        m.contains("holds 5001 posts; the limit is 5000: split it"),
        "{m}"
    );
}

#[test]
fn nesting_deeper_than_ron_may_go_is_an_error_not_a_stack_overflow() {
    // Follow-ups nested 60 deep: far past what the parser may recurse into.
    fn nested(depth: usize) -> String {
        let follow = if depth == 0 {
            String::new()
        } else {
            format!(", follow_up: Some((after: 1, post: {}))", nested(depth - 1))
        };
        format!(
            r#"Post(id: "p{depth}", kind: Genuine, channel: Mention, author: (handle: "@a", name: "A"), text: "?", respond_within: 60,
               options: [(id: "y", action: Like, scores: {{"welcoming": 1}}, feedback: "f"{follow}), (id: "n", action: NoResponse, feedback: "f")])"#
        )
    }
    let (_dir, path) = folder_with("deep.ron", &scenario(&[nested(60)]));
    let m = only_error(&path);
    assert!(m.contains("nests deeper than 192 levels"), "{m}");
}

#[test]
fn binary_and_non_utf8_files_are_refused_plainly() {
    let (_dir, path) = folder_with("photo.ron", "");
    std::fs::write(&path, [0x89, b'P', b'N', b'G', 0xff, 0xfe, 0x00]).unwrap();
    let m = only_error(&path);
    assert!(m.contains("not UTF-8 text"), "{m}");
}

#[test]
fn ids_that_could_escape_the_folder_are_refused() {
    let text = scenario(&[post("p", "?")]).replace("id: \"limits\"", "id: \"../../etc/passwd\"");
    let (_dir, path) = folder_with("escape.ron", &text);
    let m = only_error(&path);
    assert!(
        m.contains("may hold only letters, digits, `-` and `_`"),
        "{m}"
    );
}
