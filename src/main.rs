//! The `replydesk` command: starts the desk app, or checks and plays scenarios from the shell.

fn main() -> std::process::ExitCode {
    replydesk::cli::main()
}
