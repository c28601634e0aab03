//! Supervisor: the first-time form or the passphrase, then every trainee's sessions and, per
//! scenario, how often each option was chosen, so confusing posts stand out. It draws
//! [`SupervisorView`] and sends [`SupervisorAction`]s; `app::supervisor` decides.

use super::page::{self, HOME_KEYS};
use super::{Requests, Screen, Senders, key};
use crate::app::library::Library;
use crate::app::shift::Navigate;
use crate::app::supervisor::{Access, SupervisorAction, SupervisorView};
use crate::app::sync::SyncLink;
use crate::app::theme;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.run_if(in_state(Screen::Supervisor)),
    );
}

/// What is being typed into the passphrase fields, for one visit of the screen: forgotten when
/// the view's visit number changes.
#[derive(Default)]
pub struct Typed {
    visit: u64,
    passphrase: String,
    again: String,
    /// The Learning Record Store form: filled from the settings on each visit.
    lrs_url: String,
    lrs_user: String,
    lrs_password: String,
}

fn draw(
    mut contexts: EguiContexts,
    view: Res<SupervisorView>,
    library: Res<Library>,
    link: Res<SyncLink>,
    mut typed: Local<Typed>,
    mut senders: Senders,
) -> Result {
    senders.send(show(
        contexts.ctx_mut()?,
        &view,
        &library,
        &link,
        &mut typed,
    ));
    Ok(())
}

/// The supervisor's screen: locked, or the roster and the item analysis.
pub fn show(
    ctx: &egui::Context,
    view: &SupervisorView,
    library: &Library,
    link: &SyncLink,
    typed: &mut Typed,
) -> Requests {
    let mut out = Requests::default();
    if typed.visit != view.visit {
        let (lrs_url, lrs_user) = link
            .settings
            .as_ref()
            .map(|s| (s.url.clone(), s.user.clone()))
            .unwrap_or_default();
        *typed = Typed {
            visit: view.visit,
            lrs_url,
            lrs_user,
            ..Typed::default()
        };
    }
    let mut root = page::root(ctx);
    if !page::pressed(ctx, HOME_KEYS).is_empty() {
        out.push(Navigate::Home);
    }
    if page::top_bar_with_home(&mut root, "supervisor", "Supervisor", |_| {}) {
        out.push(Navigate::Home);
    }
    page::key_bar(&mut root, "supervisor", HOME_KEYS);
    egui::CentralPanel::default().show(&mut root, |ui| {
        if view.access != Access::Open {
            if let Some(action) = lock_screen(ui, ctx, view, typed) {
                out.push(action);
            }
            return;
        }
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                roster(ui, library, view);
                ui.add_space(10.0);
                for action in lrs(ui, link, typed) {
                    out.push(action);
                }
                ui.add_space(10.0);
                if let Some(action) = item_analysis(ui, library, view) {
                    out.push(action);
                }
            });
    });
    out
}

/// The first-time form or the passphrase prompt: a plain function of the view, returning what
/// the supervisor asked for (tested without Bevy in tests/screens.rs).
pub fn lock_screen(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    view: &SupervisorView,
    typed: &mut Typed,
) -> Option<SupervisorAction> {
    let first_time = match view.access {
        Access::FirstTime => true,
        Access::Locked => false,
        _ => {
            ui.label("The progress store is not open, so there are no records to show.");
            return None;
        }
    };
    let mut action = None;
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
                .color(theme::warn()),
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
            egui::TextEdit::singleline(&mut typed.passphrase)
                .password(true)
                .hint_text("passphrase"),
        );
        // Typing goes to the passphrase at once; Tab moves to the next field.
        if ui.memory(|m| m.focused().is_none()) {
            field.request_focus();
        }
        if first_time {
            ui.add(
                egui::TextEdit::singleline(&mut typed.again)
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
            let passphrase = std::mem::take(&mut typed.passphrase);
            let again = std::mem::take(&mut typed.again);
            action = Some(if first_time {
                SupervisorAction::SetFirst { passphrase, again }
            } else {
                SupervisorAction::Unlock(passphrase)
            });
        }
        if let Some(m) = &view.message {
            ui.label(egui::RichText::new(m).color(theme::bad()));
        }
    });
    action
}

fn roster(ui: &mut egui::Ui, library: &Library, view: &SupervisorView) {
    for note in &view.access_notes {
        ui.label(egui::RichText::new(note).color(theme::warn()));
        ui.add_space(6.0);
    }
    if let Some(loaded) = &library.path
        && !view.path.is_empty()
    {
        ui.heading(format!("Onboarding path: {}", loaded.path.title));
        egui::Grid::new("path-positions")
            .striped(true)
            .num_columns(2)
            .show(ui, |ui| {
                for (name, summary) in &view.path {
                    ui.label(egui::RichText::new(name).strong());
                    ui.label(summary);
                    ui.end_row();
                }
            });
        ui.add_space(10.0);
    }
    ui.heading("Roster");
    if view.roster.is_empty() {
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
            for line in &view.roster {
                let entry = library.find(&line.scenario);
                ui.label(&line.trainee);
                ui.label(entry.map_or(line.scenario.clone(), |e| e.scenario.title.clone()));
                ui.label(line.sessions.to_string());
                ui.label(line.best.map_or("—".into(), |b| b.to_string()));
                ui.label(if line.passed_assessment { "yes" } else { "no" });
                let file = entry
                    .and_then(|e| e.path.file_name())
                    .map_or(line.scenario.clone(), |n| n.to_string_lossy().into_owned());
                ui.label(egui::RichText::new(line.notes(&file).join("; ")).color(theme::warn()));
                ui.end_row();
            }
        });
}

/// Where finished sessions are sent: the Learning Record Store's address, user and password
/// (kept for this run of the app only), and how sending goes.
fn lrs(ui: &mut egui::Ui, link: &SyncLink, typed: &mut Typed) -> Vec<SupervisorAction> {
    let mut actions = Vec::new();
    ui.heading("Learning Record Store");
    ui.label(
        egui::RichText::new(
            "Finished sessions are sent as xAPI statements to the library's LRS, in the \
             background. The password is kept only while the app runs (or set \
             REPLYDESK_LRS_PASSWORD); `replydesk sync` does the same from the command line.",
        )
        .color(theme::muted()),
    );
    ui.label(egui::RichText::new(link.status_line()).strong());
    // Each field is named by its label, as a screen reader reads it.
    egui::Grid::new("lrs-form").num_columns(2).show(ui, |ui| {
        let label = ui.label("xAPI endpoint");
        ui.add(
            egui::TextEdit::singleline(&mut typed.lrs_url)
                .hint_text("https://lrs.library.example/xAPI/")
                .desired_width(320.0),
        )
        .labelled_by(label.id);
        ui.end_row();
        let label = ui.label("User");
        ui.add(egui::TextEdit::singleline(&mut typed.lrs_user).desired_width(200.0))
            .labelled_by(label.id);
        ui.end_row();
        let label = ui.label("Password");
        ui.add(
            egui::TextEdit::singleline(&mut typed.lrs_password)
                .password(true)
                .hint_text(if link.has_password() { "(entered)" } else { "" })
                .desired_width(200.0),
        )
        .labelled_by(label.id);
        ui.end_row();
    });
    ui.horizontal_wrapped(|ui| {
        if ui.button("Save and send").clicked() {
            actions.push(SupervisorAction::SetLrs {
                url: typed.lrs_url.clone(),
                user: typed.lrs_user.clone(),
                password: std::mem::take(&mut typed.lrs_password),
            });
        }
        if link.settings.is_some() {
            if ui
                .add_enabled(
                    link.has_password() && !link.is_running(),
                    egui::Button::new("Send now"),
                )
                .clicked()
            {
                actions.push(SupervisorAction::SyncNow);
            }
            if ui.button("Forget this LRS").clicked() {
                actions.push(SupervisorAction::ForgetLrs);
            }
        }
    });
    actions
}

fn item_analysis(
    ui: &mut egui::Ui,
    library: &Library,
    view: &SupervisorView,
) -> Option<SupervisorAction> {
    let mut action = None;
    ui.heading("Item analysis");
    ui.label(
        egui::RichText::new(
            "For each post, over finished sessions: difficulty (share choosing a best answer), \
             discrimination (how much better the session's strong trainees did on it; blank below 5 \
             attempts) and each response's share. With 20 attempts or more, posts that are too easy, \
             too hard or not discriminating, and distractors nobody chose, are flagged.",
        )
        .color(theme::muted()),
    );
    ui.horizontal_wrapped(|ui| {
        for e in &library.entries {
            let selected = view.scenario.as_deref() == Some(e.scenario.id.as_str());
            if ui.selectable_label(selected, &e.scenario.title).clicked() {
                action = Some(SupervisorAction::ShowItems(e.scenario.id.clone()));
            }
        }
    });
    let Some(entry) = view.scenario.as_deref().and_then(|id| library.find(id)) else {
        return action;
    };
    let mut shown = 0;
    for item in view.items.iter().filter(|i| i.attempts > 0) {
        let Some(post) = entry.scenario.find_post(&item.post) else {
            continue;
        };
        shown += 1;
        theme::card(theme::card_fill()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(&post.id).strong());
                ui.label(format!("{} attempts", item.attempts));
                if let Some(d) = item.difficulty {
                    let colour = if !(0.2..=0.95).contains(&d) {
                        theme::warn()
                    } else {
                        theme::good()
                    };
                    ui.label(egui::RichText::new(format!("difficulty {d:.2}")).color(colour));
                }
                let disc = item
                    .discrimination
                    .map_or("discrimination —".to_string(), |r| {
                        format!("discrimination {r:.2}")
                    });
                let colour = if item.discrimination.is_some_and(|r| r < 0.2) {
                    theme::bad()
                } else {
                    theme::muted()
                };
                ui.label(egui::RichText::new(disc).color(colour));
                for flag in &item.flags {
                    theme::badge(ui, flag, theme::bad());
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
            egui::RichText::new("No finished session of this scenario yet.").color(theme::muted()),
        );
    }
    action
}
