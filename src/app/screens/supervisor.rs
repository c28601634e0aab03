//! Supervisor: behind the passphrase (set on first use), every trainee's sessions and, per
//! scenario, how often each option was chosen, so confusing posts stand out.

use super::{Screen, key};
use crate::app::library::Library;
use crate::app::progress::Progress;
use crate::app::shift::Navigate;
use crate::app::theme;
use crate::item_analysis::ItemStats;
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
        ui.set_max_width(420.0);
        ui.add_space(20.0);
        ui.label(if first_time {
            "Set the supervisor passphrase (8 or more characters). It is stored only as a hash."
        } else {
            "Enter the supervisor passphrase to see every trainee's records."
        });
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
                    s.set_passphrase(&typed).map_err(|e| e.to_string())?;
                } else if !s.check_passphrase(&typed).map_err(|e| e.to_string())? {
                    return Err("wrong passphrase".to_string());
                }
                s.roster().map_err(|e| e.to_string())
            });
            match outcome {
                Some(Ok(rows)) => {
                    gate.roster = Some(rows);
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

fn roster(ui: &mut egui::Ui, library: &Library, gate: &Gate) {
    ui.heading("Roster");
    let rows = gate.roster.as_deref().unwrap_or_default();
    // profile → scenario → (sessions, best score, passed)
    let mut table: BTreeMap<&str, BTreeMap<&str, (u32, Option<u32>, bool)>> = BTreeMap::new();
    for r in rows {
        let cell = table
            .entry(&r.profile)
            .or_default()
            .entry(&r.session.scenario_id)
            .or_insert((0, None, false));
        cell.0 += 1;
        if let Some(score) = r.session.score {
            cell.1 = Some(cell.1.map_or(score, |b: u32| b.max(score)));
        }
        cell.2 |= r.session.passed.unwrap_or(false);
    }
    if table.is_empty() {
        ui.label("No sessions recorded on this computer yet.");
        return;
    }
    egui::Grid::new("roster")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for h in ["Trainee", "Scenario", "Sessions", "Best", "Passed"] {
                ui.label(egui::RichText::new(h).strong());
            }
            ui.end_row();
            for (profile, scenarios) in &table {
                for (scenario, (count, best, passed)) in scenarios {
                    ui.label(*profile);
                    ui.label(
                        library
                            .find(scenario)
                            .map_or(scenario.to_string(), |e| e.scenario.title.clone()),
                    );
                    ui.label(count.to_string());
                    ui.label(best.map_or("—".into(), |b| b.to_string()));
                    ui.label(if *passed { "yes" } else { "no" });
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
