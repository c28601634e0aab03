//! Home: the scenario library, the choice of Practice or Assessment, and the Problems panel.

use super::page::{self, Binding};
use super::{Requests, Screen, Senders};
use crate::app::library::Library;
use crate::app::progress::{ProfileAction, Progress, resume_message};
use crate::app::shift::{Mode, Navigate, Notice};
use crate::app::theme;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub fn plugin(app: &mut App) {
    app.add_systems(EguiPrimaryContextPass, draw.run_if(in_state(Screen::Home)));
}

/// What Home's keys do.
#[derive(Clone, Copy)]
enum HomeKey {
    Down,
    Up,
    Practice,
    Assessment,
    Progress,
    Supervisor,
    Resume,
}

/// Home's keys; the last, R, only acts while a resume is offered.
const KEYS: &[Binding<HomeKey>] = &[
    Binding {
        keys: &[egui::Key::ArrowDown, egui::Key::J],
        label: "↑ ↓ / j k",
        does: "choose a scenario",
        action: HomeKey::Down,
    },
    Binding {
        keys: &[egui::Key::ArrowUp, egui::Key::K],
        label: "",
        does: "",
        action: HomeKey::Up,
    },
    Binding {
        keys: &[egui::Key::Enter, egui::Key::P],
        label: "Enter / P",
        does: "practice",
        action: HomeKey::Practice,
    },
    Binding {
        keys: &[egui::Key::A],
        label: "A",
        does: "assessment",
        action: HomeKey::Assessment,
    },
    Binding {
        keys: &[egui::Key::M],
        label: "M",
        does: "my progress",
        action: HomeKey::Progress,
    },
    Binding {
        keys: &[egui::Key::S],
        label: "S",
        does: "supervisor",
        action: HomeKey::Supervisor,
    },
    Binding {
        keys: &[egui::Key::R],
        label: "R",
        does: "resume",
        action: HomeKey::Resume,
    },
];

fn draw(
    mut contexts: EguiContexts,
    library: Res<Library>,
    notice: Res<Notice>,
    progress: Res<Progress>,
    mut cursor: Local<usize>,
    mut senders: Senders,
) -> Result {
    senders.send(show(
        contexts.ctx_mut()?,
        &library,
        &notice,
        &progress,
        &mut cursor,
    ));
    Ok(())
}

/// Home, drawn from the library and the trainee's progress; `cursor` is the chosen scenario.
pub fn show(
    ctx: &egui::Context,
    library: &Library,
    notice: &Notice,
    progress: &Progress,
    cursor: &mut usize,
) -> Requests {
    let mut out = Requests::default();
    let mut root = page::root(ctx);
    let count = library.entries.len();
    let mut moved = false;
    for key in page::pressed(ctx, KEYS) {
        let chosen = (count > 0).then(|| {
            *cursor = (*cursor).min(count - 1);
            library.entries[*cursor].scenario.id.clone()
        });
        match (key, chosen) {
            (HomeKey::Down, Some(_)) => {
                *cursor = (*cursor + 1).min(count - 1);
                moved = true;
            }
            (HomeKey::Up, Some(_)) => {
                *cursor = cursor.saturating_sub(1);
                moved = true;
            }
            (HomeKey::Practice, Some(id)) => {
                out.push(Navigate::Briefing {
                    scenario: id,
                    mode: Mode::Practice,
                });
            }
            (HomeKey::Assessment, Some(id)) => {
                out.push(Navigate::Briefing {
                    scenario: id,
                    mode: Mode::Assessment,
                });
            }
            (HomeKey::Progress, _) => {
                out.push(Navigate::Open(Screen::Progress));
            }
            (HomeKey::Supervisor, _) => {
                out.push(Navigate::Open(Screen::Supervisor));
            }
            (HomeKey::Resume, _) => {
                if let Some(offer) = &progress.resume {
                    out.push(resume_message(offer));
                }
            }
            _ => {}
        }
    }
    if count > 0 {
        *cursor = (*cursor).min(count - 1);
    }

    let library_name = library
        .entries
        .first()
        .map(|e| e.guidelines.library.clone())
        .unwrap_or_else(|| "Your library".into());
    egui::Panel::top("home-top").show(&mut root, |ui| {
        ui.add_space(6.0);
        ui.horizontal_wrapped(|ui| {
            ui.heading(
                egui::RichText::new("replydesk")
                    .strong()
                    .color(theme::accent()),
            );
            ui.label(
                egui::RichText::new(format!("· {library_name} social media training"))
                    .color(theme::muted()),
            );
            // In reading order, which is also the order Tab visits them.
            page::trailing(ui, 940.0, |ui| {
                if let Some(p) = &progress.profile {
                    ui.label(egui::RichText::new(&p.name).strong());
                    if ui
                        .button("Switch")
                        .on_hover_text("Another trainee")
                        .clicked()
                    {
                        out.push(ProfileAction::Switch);
                    }
                }
                if ui.button("My progress").clicked() {
                    out.push(Navigate::Open(Screen::Progress));
                }
                if ui.button("Supervisor").clicked() {
                    out.push(Navigate::Open(Screen::Supervisor));
                }
                ui.separator();
                let motion = if progress.motion {
                    "Motion: on"
                } else {
                    "Motion: reduced"
                };
                if ui
                    .button(motion)
                    .on_hover_text("Fades and gliding scroll, or none")
                    .clicked()
                {
                    out.push(ProfileAction::SetMotion(!progress.motion));
                }
                let theme = progress.theme;
                if ui
                    .button(format!("Theme: {}", theme.label()))
                    .on_hover_text("Light, dark or high contrast")
                    .clicked()
                {
                    let next = crate::app::theme::Theme::ALL
                        [(theme as usize + 1) % crate::app::theme::Theme::ALL.len()];
                    out.push(ProfileAction::SetTheme(next));
                }
                // Text size, kept with the profile (also Ctrl+Plus, Ctrl+Minus, Ctrl+0).
                let scale = progress.text_scale.max(1.0);
                if ui
                    .button("A−")
                    .on_hover_text("Smaller text (Ctrl+Minus)")
                    .clicked()
                {
                    out.push(ProfileAction::SetTextScale(
                        scale - crate::app::accessibility::TEXT_STEP,
                    ));
                }
                ui.label(format!("Text {:.0}%", scale * 100.0));
                if ui
                    .button("A+")
                    .on_hover_text("Larger text (Ctrl+Plus)")
                    .clicked()
                {
                    out.push(ProfileAction::SetTextScale(
                        scale + crate::app::accessibility::TEXT_STEP,
                    ));
                }
            });
        });
        ui.add_space(4.0);
    });
    // R (resume) is offered beside the resume card, not in the bar.
    page::key_bar(&mut root, "home", &KEYS[..KEYS.len() - 1]);
    let problems = library.problems();
    if !problems.is_empty() {
        // About a third of what is left to start with (at most 60% if dragged), so the
        // scenarios keep room at large text sizes.
        let height = root.available_height();
        egui::Panel::bottom("problems")
            .resizable(true)
            .default_size((height * 0.35).clamp(80.0, 220.0))
            .min_size(80.0)
            .max_size((height * 0.6).max(80.0))
            .show(&mut root, |ui| {
                // All of it scrolls, its title too, so a small panel (large text) cuts nothing.
                egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                    ui.add_space(4.0);
                    let (errors, warnings) = (library.error_count(), library.warning_count());
                    let title = format!(
                        "Problems — {errors} file{} cannot be played, {warnings} warning{}",
                        if errors == 1 { "" } else { "s" },
                        if warnings == 1 { "" } else { "s" }
                    );
                    ui.label(egui::RichText::new(title).strong().color(if errors > 0 { theme::bad() } else { theme::warn() }));
                    ui.label(
                        egui::RichText::new("The same messages `replydesk check` prints. Fix the file and save: with --watch it reloads.")
                            .small()
                            .color(theme::muted()),
                    );
                    for p in &problems {
                        ui.label(egui::RichText::new(p).monospace());
                        ui.add_space(6.0);
                    }
                });
            });
    }
    egui::CentralPanel::default().show(&mut root, |ui| {
        for text in notice.0.iter().chain(progress.save_trouble.iter()) {
            theme::card(theme::notice_fill()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(egui::RichText::new(text).color(theme::warn()));
            });
        }
        if let Some(offer) = &progress.resume {
            theme::card(theme::selected()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    ui.label(egui::RichText::new(format!(
                        "You have an unfinished {} of “{}” ({} answer(s) saved).",
                        offer.mode.label().to_lowercase(),
                        offer.title,
                        offer.answers.len()
                    )).strong());
                    if ui.button("Resume (R)").clicked() {
                        out.push(resume_message(offer));
                    }
                    if ui.button("Not now").clicked() {
                        out.push(ProfileAction::DismissResume);
                    }
                });
            });
        }
        if let Some(r) = &progress.recommendation {
            let title = library.find(&r.scenario).map_or(r.scenario.clone(), |e| e.scenario.title.clone());
            ui.label(
                egui::RichText::new(format!("Your weakest guideline lately: {}. Try “{title}” next.", r.guideline))
                    .color(theme::accent()),
            );
        }
        if !library.ready {
            ui.label("Loading scenarios…");
            return;
        }
        if library.entries.is_empty() {
            ui.label("No playable scenarios were found. See Problems below, or check the --scenarios folder.");
            return;
        }
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            if let (Some(loaded), Some(position)) = (&library.path, &progress.path) {
                path_card(ui, &loaded.path, position, &mut out);
                ui.add_space(8.0);
            }
            ui.heading("Choose a scenario");
            ui.label(
                egui::RichText::new("Practice shows feedback after every answer; Assessment only at the end.")
                    .color(theme::muted()),
            );
            ui.add_space(6.0);
            for (i, entry) in library.entries.iter().enumerate() {
                let s = &entry.scenario;
                let fill = if i == *cursor { theme::selected() } else { theme::card_fill() };
                let response = theme::card(fill)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal(|ui| {
                            ui.label(egui::RichText::new(&s.title).size(18.0).strong());
                            theme::badge(ui, &format!("{:?}", s.difficulty), theme::difficulty_colour(s.difficulty));
                        });
                        ui.label(&s.summary);
                        let follow_ups = s.all_posts().len() - s.posts.len();
                        let mut facts = match s.draw {
                            Some(n) => format!("{n} of {} posts drawn each run", s.posts.len()),
                            None => format!("{} posts", s.posts.len()),
                        };
                        if follow_ups > 0 {
                            facts.push_str(&format!(" · up to {follow_ups} follow-ups"));
                        }
                        facts.push_str(&format!(" · pass mark {}", s.pass_score));
                        if let Some((best, passed)) = progress.best.get(&s.id) {
                            facts.push_str(&format!(
                                " · your best {best}{}",
                                if *passed { " (passed)" } else { "" }
                            ));
                        }
                        ui.label(egui::RichText::new(facts).small().color(theme::muted()));
                        ui.horizontal(|ui| {
                            if ui.button("Practice").clicked() {
                                out.push(Navigate::Briefing { scenario: s.id.clone(), mode: Mode::Practice });
                            }
                            if ui.button("Assessment").clicked() {
                                out.push(Navigate::Briefing { scenario: s.id.clone(), mode: Mode::Assessment });
                            }
                            if ui
                                .button("Lead a group session")
                                .on_hover_text("For a room at a projector: no clock, large text, one post at a time; recorded for the group, not for you")
                                .clicked()
                            {
                                out.push(Navigate::Briefing { scenario: s.id.clone(), mode: Mode::Facilitated });
                            }
                        });
                    })
                    .response;
                if moved && i == *cursor {
                    response.scroll_to_me(None);
                }
                ui.add_space(6.0);
            }
        });
    });
    out
}

/// The trainee's onboarding path: each step done (with its score and date), next (with a button
/// to play it in the mode it needs), or locked (with what it waits for); the certificate once all
/// are done. Free practice of any scenario stays below it.
fn path_card(
    ui: &mut egui::Ui,
    path: &crate::onboarding::OnboardingPath,
    position: &crate::onboarding::Position,
    out: &mut Requests,
) {
    use crate::onboarding::{StepMode, StepState};
    theme::card(theme::card_fill()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.heading(&path.title);
            ui.label(egui::RichText::new(position.summary()).color(theme::muted()));
        });
        if position.complete() {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    egui::RichText::new("✔ Path complete.")
                        .strong()
                        .color(theme::good()),
                );
                if ui.button("Save my certificate (PDF)").clicked() {
                    out.push(ProfileAction::SaveCertificate);
                }
            });
        }
        ui.add_space(4.0);
        for step in &position.steps {
            ui.horizontal_wrapped(|ui| {
                let mode = match step.mode {
                    StepMode::Practice => Mode::Practice,
                    StepMode::Assessment => Mode::Assessment,
                };
                match &step.state {
                    StepState::Done { score, at, .. } => {
                        ui.label(egui::RichText::new("✔ done").color(theme::good()));
                        ui.label(egui::RichText::new(&step.title).strong());
                        ui.label(
                            egui::RichText::new(format!("{score} on {}", crate::report::date(*at)))
                                .color(theme::muted()),
                        );
                    }
                    StepState::Available => {
                        ui.label(
                            egui::RichText::new("➜ next")
                                .strong()
                                .color(theme::accent()),
                        );
                        ui.label(egui::RichText::new(&step.title).strong());
                        ui.label(
                            egui::RichText::new(format!(
                                "{}, {} needed",
                                mode.label().to_lowercase(),
                                step.required
                            ))
                            .color(theme::muted()),
                        );
                        if ui
                            .button(mode.label())
                            .on_hover_text(format!("Play “{}” for this step", step.title))
                            .clicked()
                        {
                            out.push(Navigate::Briefing {
                                scenario: step.scenario.clone(),
                                mode,
                            });
                        }
                    }
                    StepState::Locked { waiting_for } => {
                        ui.label(egui::RichText::new("🔒 locked").color(theme::muted()));
                        ui.label(&step.title);
                        ui.label(
                            egui::RichText::new(format!("after {}", waiting_for.join(", ")))
                                .color(theme::muted()),
                        );
                    }
                }
            });
        }
        for removed in &position.removed {
            ui.label(
                egui::RichText::new(format!(
                    "Also done earlier: {} ({} on {}), no longer on the path.",
                    removed.scenario,
                    removed.score,
                    crate::report::date(removed.at)
                ))
                .small()
                .color(theme::muted()),
            );
        }
    });
}
