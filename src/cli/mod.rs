//! The command line: argument parsing and the `check` and `play` commands.

mod access;
mod certificate;
mod check;
mod new;
mod play;
mod report;
mod show;
mod sync;

use crate::diagnostic::Diagnostic;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// replydesk — practise answering #AskALibrarian posts the way your library's guidelines ask.
#[derive(Debug, Parser)]
#[command(name = "replydesk", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub app: AppArgs,
}

/// Options for the desk app window.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct AppArgs {
    /// The folder of scenarios (and its guidelines.ron) that Home lists.
    #[arg(long, global = true, default_value = "scenarios", value_name = "DIR")]
    pub scenarios: PathBuf,
    /// Reload scenario files when they change on disk (for supervisors while authoring).
    #[arg(long, global = true)]
    pub watch: bool,
    /// Save a PNG of the window once the first screen is fully drawn.
    #[arg(long, global = true, value_name = "FILE")]
    pub screenshot: Option<PathBuf>,
    /// Take the --screenshot on this screen instead of the first one.
    #[arg(
        long,
        global = true,
        value_enum,
        requires = "screenshot",
        value_name = "SCREEN"
    )]
    pub screenshot_at: Option<ScreenArg>,
    /// The trainee: the app skips the profile picker (after the PIN, if set); `play --answers`
    /// records the session (creating the profile if new); `report`, `pin` and
    /// `supervisor extend-time` act on this existing trainee.
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// Where progress is stored (default: REPLYDESK_DATA_DIR, else the user's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Quit after saving the --screenshot.
    #[arg(long, global = true, requires = "screenshot")]
    pub exit_after_screenshot: bool,
}

/// A screen of the app, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScreenArg {
    Profile,
    Home,
    Briefing,
    Desk,
    Facilitate,
    Debrief,
    Progress,
    Supervisor,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario and guideline files and print every problem as file:line:col.
    Check {
        /// Files or folders to check.
        #[arg(default_value = "scenarios")]
        paths: Vec<PathBuf>,
        /// The guideline set to check scenarios against (default: guidelines.ron beside each).
        #[arg(long, value_name = "FILE")]
        guidelines: Option<PathBuf>,
        /// Also print tables per scenario: posts by kind, follow-ups, best, worst, chance and
        /// surface-strategy scores, partial credit and length cues.
        #[arg(long)]
        stats: bool,
        /// With --stats: print the statistics (and every problem) as JSON instead.
        #[arg(long, requires = "stats")]
        json: bool,
    },
    /// Print a scenario as a supervisor reviews it: every post, option, points, value, best
    /// answer and feedback, with the library's facts filled in.
    Show {
        /// A scenario file, or the id of a scenario in the --scenarios folder.
        scenario: String,
        /// The guideline set to score by (default: guidelines.ron beside the scenario).
        #[arg(long, value_name = "FILE")]
        guidelines: Option<PathBuf>,
        /// Print the same data as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Progress report: one trainee with --profile, everyone with the supervisor passphrase.
    Report {
        #[arg(long, value_enum, default_value = "text")]
        format: crate::report::Format,
        /// With --format csv: one row per answer instead of per session.
        #[arg(long)]
        responses: bool,
        /// Item statistics of one scenario (difficulty, discrimination, option shares, flags)
        /// as text, csv or json; needs the supervisor passphrase.
        #[arg(long, value_name = "SCENARIO")]
        items: Option<String>,
        /// Each trainee's position on the onboarding path (scenarios/path.ron), as text, csv
        /// or json.
        #[arg(long, conflicts_with_all = ["items", "responses"])]
        path: bool,
        /// Write to this file instead of the terminal.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Set the supervisor passphrase (`init`), replace a lost one (`reset`, recorded), or give a
    /// trainee extended time for assessments (`extend-time`).
    Supervisor {
        #[command(subcommand)]
        command: access::SupervisorCommand,
    },
    /// Give the --profile trainee a PIN (with the supervisor passphrase), change it, or take it
    /// away with --clear (with the current PIN in REPLYDESK_PIN, or the supervisor passphrase).
    Pin {
        /// Remove the PIN.
        #[arg(long)]
        clear: bool,
    },
    /// Send every xAPI statement not yet accepted to a Learning Record Store (with the
    /// supervisor passphrase). The password comes from REPLYDESK_LRS_PASSWORD or a prompt.
    Sync {
        /// The LRS's xAPI endpoint, e.g. http://127.0.0.1:8100/xAPI/.
        #[arg(long, value_name = "URL")]
        lrs: Option<String>,
        /// The LRS user (default: REPLYDESK_LRS_USER).
        #[arg(long, value_name = "USER")]
        lrs_user: Option<String>,
        /// Trust this PEM file's certificate authorities (a library's own) for https.
        #[arg(long, value_name = "FILE")]
        lrs_ca: Option<PathBuf>,
        /// Show what would be sent, and send nothing.
        #[arg(long)]
        dry_run: bool,
        /// Statements per request.
        #[arg(long, value_name = "N", default_value_t = 50, value_parser = clap::value_parser!(u16).range(1..=1000))]
        batch: u16,
    },
    /// Save the --profile trainee's onboarding certificate as a PDF (once they completed the
    /// path), or check a certificate's code with --verify.
    Certificate {
        /// The PDF to write.
        #[arg(long, value_name = "FILE.pdf", conflicts_with = "verify")]
        out: Option<PathBuf>,
        /// Check a verification code against the stored records.
        #[arg(long, value_name = "CODE")]
        verify: Option<String>,
    },
    /// Write a commented starter scenario, SCENARIO_ID.ron, into the --scenarios folder.
    New {
        /// Letters, digits, `-` and `_`.
        scenario_id: String,
    },
    /// Play a scenario: headless with --answers, else in the desk app.
    Play {
        /// A scenario file, or the id of a scenario in the --scenarios folder.
        scenario: String,
        /// The guideline set to score by (default: guidelines.ron beside the scenario).
        #[arg(long, value_name = "FILE")]
        guidelines: Option<PathBuf>,
        /// The seed that decides draw, jitter and option order (default: a random one, printed).
        #[arg(long, value_name = "N")]
        seed: Option<u64>,
        /// A RON list of answers: [(post: "id", option: "id", delay: 45), ...].
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
        /// Print the result as JSON.
        #[arg(long, requires = "answers")]
        json: bool,
        /// Extended time: each post's own time to answer times N (1 to 10; 2 or 3 as WCAG
        /// 2.2.1 asks). Recorded with the session; a deadline met under it is on time.
        #[arg(
            long,
            value_name = "N",
            default_value_t = 1.0,
            requires = "answers",
            allow_negative_numbers = true
        )]
        time_factor: f64,
        /// Lead a group session at a projector: no clock, large text, one post at a time, the
        /// points revealed for the room; recorded under the group profile.
        #[arg(long, conflicts_with_all = ["answers", "seed"])]
        facilitate: bool,
    },
}

/// Why a command failed: problems in files, one plain message, or both (problems first).
#[derive(Debug)]
pub enum Failure {
    Diagnostics(Vec<Diagnostic>),
    Message(String),
    Both(Vec<Diagnostic>, String),
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::Diagnostics(vec![d])
    }
}

/// Parses the arguments, runs the command, and turns every failure into a message and exit code 1.
pub fn main() -> ExitCode {
    install_panic_message();
    let cli = Cli::parse();
    if cli.command.is_some() {
        quiet_broken_pipes();
    }
    let outcome = match cli.command {
        None => run_app(cli.app, None),
        Some(Command::Check {
            paths,
            guidelines,
            stats,
            json,
        }) => check::run(&paths, guidelines.as_deref(), stats, json),
        Some(Command::Show {
            scenario,
            guidelines,
            json,
        }) => show::run(&cli.app, &scenario, guidelines.as_deref(), json),
        Some(Command::Report {
            format,
            responses,
            items,
            path: true,
            out,
        }) => {
            let _ = (responses, items);
            report::run_path(&cli.app, cli.app.profile.as_deref(), format, out.as_deref())
        }
        Some(Command::Report {
            format,
            responses,
            items,
            path: false,
            out,
        }) => report::run(
            &cli.app,
            cli.app.profile.as_deref(),
            format,
            responses,
            items.as_deref(),
            out.as_deref(),
        ),
        Some(Command::Supervisor { command }) => open_store(&cli.app)
            .and_then(|mut store| {
                access::supervisor(&mut store, command, cli.app.profile.as_deref())
            })
            .map(|()| ExitCode::SUCCESS),
        Some(Command::Pin { clear }) => match cli.app.profile.as_deref() {
            None => Err(Failure::Message(
                "say whose PIN: replydesk pin --profile NAME".into(),
            )),
            Some(name) => open_store(&cli.app)
                .and_then(|mut store| access::pin(&mut store, name, clear))
                .map(|()| ExitCode::SUCCESS),
        },
        Some(Command::New { scenario_id }) => new::run(&scenario_id, &cli.app.scenarios),
        Some(Command::Certificate { out, verify }) => certificate::run(
            &cli.app,
            cli.app.profile.as_deref(),
            out.as_deref(),
            verify.as_deref(),
        ),
        Some(Command::Sync {
            lrs,
            lrs_user,
            lrs_ca,
            dry_run,
            batch,
        }) => sync::run(
            &cli.app,
            sync::Args {
                lrs,
                user: lrs_user,
                ca: lrs_ca,
                dry_run,
                batch: usize::from(batch),
            },
        ),
        Some(Command::Play {
            scenario,
            guidelines,
            seed,
            answers,
            json,
            time_factor,
            facilitate,
        }) => match answers {
            Some(answers) => play::run(
                &cli.app,
                &scenario,
                guidelines.as_deref(),
                seed,
                time_factor,
                &answers,
                json,
                cli.app.profile.as_deref(),
            ),
            None => {
                // A scenario file opens with its own folder as the library.
                let mut app = cli.app;
                let path = std::path::Path::new(&scenario);
                if path.is_file()
                    && let Some(parent) = path.parent()
                {
                    app.scenarios = if parent.as_os_str().is_empty() {
                        ".".into()
                    } else {
                        parent.to_path_buf()
                    };
                }
                run_app_as(app, Some(scenario), facilitate)
            }
        },
    };
    match outcome {
        Ok(code) => code,
        Err(Failure::Diagnostics(ds)) => {
            for d in &ds {
                eprintln!("{d}\n");
            }
            ExitCode::FAILURE
        }
        Err(Failure::Message(m)) => {
            eprintln!("replydesk: {m}");
            ExitCode::FAILURE
        }
        Err(Failure::Both(ds, m)) => {
            for d in &ds {
                eprintln!("{d}\n");
            }
            eprintln!("replydesk: {m}");
            ExitCode::FAILURE
        }
    }
}

/// Opens the progress store for a command, saying plainly if a damaged file was moved aside.
fn open_store(app: &AppArgs) -> Result<crate::store::Store, Failure> {
    let (store, notice) =
        crate::store::Store::open(&crate::store::data_dir(app.data_dir.as_deref()))
            .map_err(|e| Failure::Message(e.to_string()))?;
    if let Some(notice) = notice {
        eprintln!("replydesk: {notice}");
    }
    Ok(store)
}

/// A command whose output goes to a pipe that closed (`replydesk report | head -1`) stops
/// quietly, as Unix tools do, instead of failing on a write. The desk app keeps the default.
fn quiet_broken_pipes() {
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE, before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(feature = "gui")]
fn run_app(args: AppArgs, scenario: Option<String>) -> Result<ExitCode, Failure> {
    run_app_as(args, scenario, false)
}

/// The app, opening `scenario`'s briefing (as a facilitated group session when `facilitate`).
#[cfg(feature = "gui")]
fn run_app_as(
    args: AppArgs,
    scenario: Option<String>,
    facilitate: bool,
) -> Result<ExitCode, Failure> {
    let mut options = launch_options(&args, scenario);
    options.facilitate = facilitate;
    crate::app::run(options).map_err(Failure::Message)
}

/// What the app is asked to do, from the command line.
#[cfg(feature = "gui")]
fn launch_options(args: &AppArgs, start_scenario: Option<String>) -> crate::app::LaunchOptions {
    use crate::app::Screen;
    let shown = args.scenarios.clone();
    let (dir, problem) = match std::fs::canonicalize(&shown) {
        Ok(dir) if dir.is_dir() => (dir, None),
        Ok(dir) => (dir, Some("is not a folder".to_string())),
        Err(e) => (
            shown.clone(),
            Some(format!(
                "cannot open the scenarios folder ({e}); start replydesk where scenarios/ is, or pass --scenarios DIR"
            )),
        ),
    };
    crate::app::LaunchOptions {
        scenarios_shown: shown,
        scenarios_dir: dir,
        folder_problem: problem,
        watch: args.watch,
        screenshot: args.screenshot.clone(),
        screenshot_at: args.screenshot_at.map(|s| match s {
            ScreenArg::Profile => Screen::Profile,
            ScreenArg::Home => Screen::Home,
            ScreenArg::Progress => Screen::Progress,
            ScreenArg::Supervisor => Screen::Supervisor,
            ScreenArg::Briefing => Screen::Briefing,
            ScreenArg::Desk => Screen::Desk,
            ScreenArg::Facilitate => Screen::Facilitate,
            ScreenArg::Debrief => Screen::Debrief,
        }),
        exit_after_screenshot: args.exit_after_screenshot,
        start_scenario,
        data_dir: args.data_dir.clone(),
        profile: args.profile.clone(),
        facilitate: false,
    }
}

#[cfg(not(feature = "gui"))]
fn run_app(args: AppArgs, scenario: Option<String>) -> Result<ExitCode, Failure> {
    run_app_as(args, scenario, false)
}

#[cfg(not(feature = "gui"))]
fn run_app_as(
    _args: AppArgs,
    _scenario: Option<String>,
    _facilitate: bool,
) -> Result<ExitCode, Failure> {
    Err(Failure::Message(
        "this build has no desk app (built without the `gui` feature); use `replydesk check` or `replydesk play --answers`".into(),
    ))
}

/// A bug must still end in a sentence, not a backtrace.
fn install_panic_message() {
    if std::env::var_os("RUST_BACKTRACE").is_some() {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown error".into());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "replydesk stopped on an internal error{place}: {what}\nYour saved progress is safe. Please report this with the steps that led to it."
        );
    }));
}
