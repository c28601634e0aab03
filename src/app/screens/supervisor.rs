//! Supervisor: behind the passphrase (the first-time form sets it), every trainee's sessions and, per
//! scenario, how often each option was chosen, so confusing posts stand out.

use super::{Screen, key};
use crate::app::library::Library;
use crate::app::progress::Progress;
use crate::app::shift::Navigate;
use crate::app::theme;
use crate::item_analysis::ItemStats;
use crate::record::{Mode, Provenance};
use crate::store::RosterRow;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use std::collections::BTreeMap;

pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.run_if(in_state(Screen::Supervisor)),
    )
    .add_systems(OnExit(Screen::Supervisor), |mut state: ResMut<Gate>| {
        *state = Gate::default()
    })
    .init_resource::<Gate>();
}

/// The view's state: locked until the passphrase is given; forgotten on leaving.
#[derive(Resource, Default)]
pub struct Gate {
    typed: String,
    again: String,
    message: Option<String>,
    roster: Option<Vec<RosterRow>>,
    /// When the passphrase was last reset, said above everything once unlocked.
    reset_note: Option<String>,
    scenario: Option<String>,
    items: Vec<ItemStats>,
}

fn draw(
    mut contexts: EguiContexts,
    progress: Res<Progress>,
    library: Res<Library>,
    mut gate: ResMut<Gate>,
    mut nav: MessageWriter<Navigate>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = crate::app::screens::screen_ui(ctx);
    if key(ctx, egui::Key::Escape) {
        nav.write(Navigate::Home);
    }
    egui::Panel::top("supervisor-top").show(&mut root, |ui| {
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button("Home").clicked() {
                nav.write(Navigate::Home);
            }
            ui.heading("Supervisor");
        });
        ui.add_space(4.0);
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        if gate.roster.is_none() {
            lock_screen(ui, ctx, &progress, &mut gate);
            return;
        }
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                roster(ui, &library, &gate);
                ui.add_space(10.0);
                item_analysis(ui, &progress, &library, &mut gate);
            });
    });
    Ok(())
}

fn lock_screen(ui: &mut egui::Ui, ctx: &egui::Context, progress: &Progress, gate: &mut Gate) {
    let first_time = progress
        .with_store(|s| s.has_passphrase().unwrap_or(false))
        .map(|has| !has);
    let Some(first_time) = first_time else {
        ui.label("The progress store is not open, so there are no records to show.");
        return;
    };
    ui.vertical_centered(|ui| {
        ui.set_max_width(460.0);
        ui.add_space(20.0);
        if first_time {
            ui.label(
                egui::RichText::new(
                    "No supervisor passphrase is set on this computer yet. It guards every \
                     trainee's records, so only the supervisor should set it: if you are a \
                     trainee, stop here and ask your supervisor.",
                )
                .color(theme::WARN),
            );
            ui.add_space(6.0);
            ui.label(
                "Supervisor: choose a passphrase of 8 or more characters (not counting spaces). \
                 It is stored only as a hash; `replydesk supervisor init` does the same.",
            );
        } else {
            ui.label("Enter the supervisor passphrase to see every trainee's records.");
        }
        let field = ui.add(
            egui::TextEdit::singleline(&mut gate.typed)
                .password(true)
                .hint_text("passphrase"),
        );
        // Typing goes to the passphrase at once; Tab moves to the next field.
        if ui.memory(|m| m.focused().is_none()) {
            field.request_focus();
        }
        if first_time {
            ui.add(
                egui::TextEdit::singleline(&mut gate.again)
                    .password(true)
                    .hint_text("again"),
            );
        }
        let submit = ui
            .button(if first_time {
                "Set passphrase"
            } else {
                "Unlock"
            })
            .clicked()
            || key(ctx, egui::Key::Enter);
        if submit {
            let typed = std::mem::take(&mut gate.typed);
            let again = std::mem::take(&mut gate.again);
            let outcome = progress.with_store(|s| {
                if first_time {
                    if typed != again {
                        return Err("the two passphrases differ".to_string());
                    }
                    s.init_passphrase(&typed).map_err(|e| e.to_string())?;
                } else if let Some(m) = s
                    .verify_passphrase(&typed)
                    .map_err(|e| e.to_string())?
                    .message("passphrase")
                {
                    return Err(m);
                }
                Ok((
                    s.roster().map_err(|e| e.to_string())?,
                    crate::report::Context::read(s)
                        .map_err(|e| e.to_string())?
                        .reset_note(),
                ))
            });
            match outcome {
                Some(Ok((rows, reset))) => {
                    gate.roster = Some(rows);
                    gate.reset_note = reset;
                    gate.message = None;
                }
                Some(Err(e)) => gate.message = Some(e),
                None => {}
            }
        }
        if let Some(m) = &gate.message {
            ui.label(egui::RichText::new(m).color(theme::BAD));
        }
    });
}

/// One roster line: a trainee's sessions of one scenario.
#[derive(Default)]
struct Line {
    sessions: u32,
    best: Option<u32>,
    /// An assessment at the desk, of the file as it is now, passed.
    passed_assessment: bool,
    scripted: u32,
    other_version: u32,
}

fn roster(ui: &mut egui::Ui, library: &Library, gate: &Gate) {
    if let Some(note) = &gate.reset_note {
        ui.label(egui::RichText::new(note).color(theme::WARN));
        ui.add_space(6.0);
    }
    ui.heading("Roster");
    let rows = gate.roster.as_deref().unwrap_or_default();
    let mut table: BTreeMap<&str, BTreeMap<&str, Line>> = BTreeMap::new();
    for r in rows {
        let s = &r.session;
        let line = table
            .entry(&r.profile)
            .or_default()
            .entry(&s.scenario_id)
            .or_default();
        line.sessions += 1;
        let current = Provenance::of(library.find(&s.scenario_id), s) == Provenance::Current;
        if !current {
            line.other_version += 1;
        }
        if s.mode == Mode::Scripted {
            line.scripted += 1;
            continue;
        }
        if let Some(score) = s.score {
            line.best = Some(line.best.map_or(score, |b: u32| b.max(score)));
        }
        line.passed_assessment |= current && s.mode.is_assessment() && s.passed == Some(true);
    }
    if table.is_empty() {
        ui.label("No sessions recorded on this computer yet.");
        return;
    }
    egui::Grid::new("roster")
        .striped(true)
        .num_columns(6)
        .show(ui, |ui| {
            for h in [
                "Trainee",
                "Scenario",
                "Sessions",
                "Best at the desk",
                "Passed an assessment",
                "Notes",
            ] {
                ui.label(egui::RichText::new(h).strong());
            }
            ui.end_row();
            for (profile, scenarios) in &table {
                for (scenario, line) in scenarios {
                    ui.label(*profile);
                    ui.label(
                        library
                            .find(scenario)
                            .map_or(scenario.to_string(), |e| e.scenario.title.clone()),
                    );
                    ui.label(line.sessions.to_string());
                    ui.label(line.best.map_or("—".into(), |b| b.to_string()));
                    ui.label(if line.passed_assessment { "yes" } else { "no" });
                    let mut notes = Vec::new();
                    if line.scripted > 0 {
                        notes.push(format!("{} scripted (not assessments)", line.scripted));
                    }
                    if line.other_version > 0 {
                        let file = library
                            .find(scenario)
                            .and_then(|e| e.path.file_name())
                            .map_or(scenario.to_string(), |n| n.to_string_lossy().into_owned());
                        notes.push(format!(
                            "{} played from another version of {file}",
                            line.other_version
                        ));
                    }
                    ui.label(egui::RichText::new(notes.join("; ")).color(theme::WARN));
                    ui.end_row();
                }
            }
        });
}

fn item_analysis(ui: &mut egui::Ui, progress: &Progress, library: &Library, gate: &mut Gate) {
    ui.heading("Item analysis");
    ui.label(
        egui::RichText::new(
            "For each post, over finished sessions: difficulty (share choosing a best answer), \
             discrimination (how much better the session's strong trainees did on it; blank below 5 \
             attempts) and each response's share. With 20 attempts or more, posts that are too easy, \
             too hard or not discriminating, and distractors nobody chose, are flagged.",
        )
        .color(theme::MUTED),
    );
    ui.horizontal_wrapped(|ui| {
        for e in &library.entries {
            let selected = gate.scenario.as_deref() == Some(e.scenario.id.as_str());
            if ui.selectable_label(selected, &e.scenario.title).clicked() {
                gate.scenario = Some(e.scenario.id.clone());
                gate.items = progress
                    .with_store(|s| {
                        crate::item_analysis::from_store(s, e)
                            .map(|r| r.0)
                            .unwrap_or_default()
                    })
                    .unwrap_or_default();
            }
        }
    });
    let Some(entry) = gate.scenario.as_deref().and_then(|id| library.find(id)) else {
        return;
    };
    let mut shown = 0;
    for item in gate.items.iter().filter(|i| i.attempts > 0) {
        let Some(post) = entry.scenario.find_post(&item.post) else {
            continue;
        };
        shown += 1;
        theme::card(theme::CARD).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(&post.id).strong());
                ui.label(format!("{} attempts", item.attempts));
                if let Some(d) = item.difficulty {
                    let colour = if !(0.2..=0.95).contains(&d) {
                        theme::WARN
                    } else {
                        theme::GOOD
                    };
                    ui.label(egui::RichText::new(format!("difficulty {d:.2}")).color(colour));
                }
                let disc = item
                    .discrimination
                    .map_or("discrimination —".to_string(), |r| {
                        format!("discrimination {r:.2}")
                    });
                let colour = if item.discrimination.is_some_and(|r| r < 0.2) {
                    theme::BAD
                } else {
                    theme::MUTED
                };
                ui.label(egui::RichText::new(disc).color(colour));
                for flag in &item.flags {
                    theme::badge(ui, flag, theme::BAD);
                }
            });
            for option in &post.options {
                let share = item.options.get(&option.id).copied().unwrap_or(0.0);
                ui.label(format!(
                    "{:>4.0}%  {} — {}",
                    share * 100.0,
                    option.action.label(),
                    option.id
                ));
            }
            if item.unanswered > 0.0 {
                ui.label(format!(
                    "{:>4.0}%  left unanswered",
                    item.unanswered * 100.0
                ));
            }
        });
    }
    if shown == 0 {
        ui.label(
            egui::RichText::new("No finished session of this scenario yet.").color(theme::MUTED),
        );
    }
}
