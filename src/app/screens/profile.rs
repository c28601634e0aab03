//! Profile: who is training. Pick a name from the list or type a new one.

use super::{Requests, Screen, Senders, key};
use crate::app::progress::{ProfileAction, Progress};
use crate::app::shift::Notice;
use crate::app::theme;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.run_if(in_state(Screen::Profile)),
    );
}

/// What is typed on the profile screen: a new name, the PIN, and the chosen name.
#[derive(Default)]
pub struct Typed {
    pub name: String,
    pub cursor: usize,
    pub pin: String,
}

fn draw(
    mut contexts: EguiContexts,
    progress: Res<Progress>,
    notice: Res<Notice>,
    mut typed: Local<Typed>,
    mut senders: Senders,
) -> Result {
    senders.send(show(contexts.ctx_mut()?, &progress, &notice, &mut typed));
    Ok(())
}

/// Who is training: the names on this computer, a new name, or a chosen name's PIN.
pub fn show(
    ctx: &egui::Context,
    progress: &Progress,
    notice: &Notice,
    typed: &mut Typed,
) -> Requests {
    let mut out = Requests::default();
    let mut root = crate::app::screens::screen_ui(ctx);
    if let Some(name) = progress.pin_for.clone() {
        pin_form(&mut root, ctx, progress, &name, &mut typed.pin, &mut out);
        return out;
    }
    let names: Vec<&str> = progress.profiles.iter().map(|p| p.name.as_str()).collect();
    let typing = !typed.name.trim().is_empty();
    if !typing && !names.is_empty() {
        if key(ctx, egui::Key::ArrowDown) {
            typed.cursor = (typed.cursor + 1).min(names.len() - 1);
        }
        if key(ctx, egui::Key::ArrowUp) {
            typed.cursor = typed.cursor.saturating_sub(1);
        }
    }
    if key(ctx, egui::Key::Enter) {
        if typing {
            out.push(ProfileAction::Choose(typed.name.trim().to_string()));
        } else if let Some(name) = names.get(typed.cursor) {
            out.push(ProfileAction::Choose(name.to_string()));
        }
    }
    egui::Panel::top("profile-top").show(&mut root, |ui| {
        ui.add_space(6.0);
        ui.heading(
            egui::RichText::new("replydesk")
                .strong()
                .color(theme::accent()),
        );
        ui.add_space(4.0);
    });
    egui::Panel::bottom("profile-keys").show(&mut root, |ui| {
        theme::key_hints(
            ui,
            &[
                ("↑ ↓", "choose a name"),
                ("Enter", "continue"),
                ("type", "a new name"),
            ],
        );
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        ui.add_space(20.0);
        ui.vertical_centered(|ui| {
            ui.set_max_width(460.0);
            ui.heading("Who is training?");
            ui.label(
                egui::RichText::new("Your scores are kept under your name on this computer.")
                    .color(theme::muted()),
            );
            if let Some(notice) = &notice.0 {
                ui.label(egui::RichText::new(notice).color(theme::warn()));
            }
            ui.add_space(10.0);
            for (i, name) in names.iter().enumerate() {
                let selected = !typing && i == typed.cursor;
                let button = egui::Button::new(egui::RichText::new(*name).size(17.0))
                    .fill(if selected {
                        theme::selected()
                    } else {
                        theme::card_fill()
                    })
                    .min_size(egui::vec2(320.0, 34.0));
                if ui.add(button).clicked() {
                    out.push(ProfileAction::Choose(name.to_string()));
                }
            }
            ui.add_space(12.0);
            ui.label("New trainee:");
            ui.horizontal(|ui| {
                let field = ui.add(
                    egui::TextEdit::singleline(&mut typed.name)
                        .hint_text("your name")
                        .desired_width(260.0)
                        .char_limit(crate::store::MAX_NAME_CHARS),
                );
                if names.is_empty() && !field.has_focus() {
                    field.request_focus();
                }
                if ui.add_enabled(typing, egui::Button::new("Start")).clicked() {
                    out.push(ProfileAction::Choose(typed.name.trim().to_string()));
                }
            });
        });
    });
    out
}

/// The PIN of a profile that has one, asked before its records open.
fn pin_form(
    root: &mut egui::Ui,
    ctx: &egui::Context,
    progress: &Progress,
    name: &str,
    pin: &mut String,
    out: &mut Requests,
) {
    let mut submit = key(ctx, egui::Key::Enter);
    let back = key(ctx, egui::Key::Escape);
    egui::CentralPanel::default().show(root, |ui| {
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.set_max_width(420.0);
            ui.heading(format!("PIN for {name}"));
            ui.label(
                egui::RichText::new("This trainee keeps their records behind a PIN.")
                    .color(theme::muted()),
            );
            let field = ui.add(
                egui::TextEdit::singleline(pin)
                    .password(true)
                    .hint_text("PIN")
                    .desired_width(200.0),
            );
            if !field.has_focus() {
                field.request_focus();
            }
            ui.horizontal(|ui| {
                submit |= ui.button("Continue").clicked();
                if ui.button("Someone else").clicked() || back {
                    out.push(ProfileAction::Switch);
                }
            });
            if let Some(m) = &progress.pin_message {
                ui.label(egui::RichText::new(m).color(theme::bad()));
            }
        });
    });
    if submit && !pin.is_empty() {
        out.push(ProfileAction::ChooseWithPin(
            name.to_string(),
            std::mem::take(pin),
        ));
    }
}
