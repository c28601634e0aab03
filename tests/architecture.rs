//! The structure the code promises, kept true: screens only read state and send messages;
//! the core never reaches for the app.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn screens_read_state_and_send_messages_and_change_nothing_themselves() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app/screens");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(files.len() >= 8, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for forbidden in ["with_store", "ResMut<", "Commands", "Store::", "NextState"] {
            assert!(
                !text.contains(forbidden),
                "{} uses `{forbidden}`: screens send messages; the logic plugins change state",
                file.display()
            );
        }
    }
}

#[test]
fn the_core_never_names_the_app() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for file in files {
        if file.starts_with(src.join("app")) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let uses_app = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .any(|l| l.contains("crate::app::") || l.contains("bevy"));
        let allowed = file.ends_with("lib.rs") || file.ends_with("cli/mod.rs");
        assert!(
            !uses_app || allowed,
            "{} reaches for the app or Bevy",
            file.display()
        );
    }
}

#[test]
fn the_app_never_names_the_command_line() {
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app");
    let mut files = Vec::new();
    rust_files(&app, &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            !text.contains("crate::cli"),
            "{} imports the CLI: the CLI starts the app with LaunchOptions, not the other way",
            file.display()
        );
    }
}
