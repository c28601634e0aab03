//! The look of the desk: colours, text sizes, avatars and badges shared by every screen.

use crate::scenario::{Action, Difficulty};
use bevy_egui::egui::{self, Color32, CornerRadius, FontId, RichText, Stroke, Vec2};

pub const ACCENT: Color32 = Color32::from_rgb(0x1d, 0x6f, 0xb8);
pub const GOOD: Color32 = Color32::from_rgb(0x1f, 0x8a, 0x4c);
pub const BAD: Color32 = Color32::from_rgb(0xc0, 0x39, 0x2b);
pub const WARN: Color32 = Color32::from_rgb(0xd9, 0x7d, 0x0d);
pub const MUTED: Color32 = Color32::from_rgb(0x6b, 0x72, 0x80);
pub const CARD: Color32 = Color32::from_rgb(0xff, 0xff, 0xff);
pub const PAGE: Color32 = Color32::from_rgb(0xf2, 0xf4, 0xf7);
pub const SELECTED: Color32 = Color32::from_rgb(0xe3, 0xef, 0xfb);

/// DejaVu Sans, a fallback for the symbols and scripts egui's own fonts lack (arrows, dots,
/// box drawing, many alphabets), so nothing a post or a key hint says shows up as a box.
const FALLBACK_FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// egui's fonts with the bundled fallback after them: every text the desk draws uses these.
pub fn font_definitions() -> egui::FontDefinitions {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "dejavu".into(),
        std::sync::Arc::new(egui::FontData::from_static(FALLBACK_FONT)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("dejavu".into());
    }
    fonts
}

/// A light, calm style with larger text: staff PCs are often small screens read from a distance.
pub fn apply(ctx: &egui::Context) {
    ctx.set_fonts(font_definitions());
    ctx.set_visuals(egui::Visuals::light());
    ctx.all_styles_mut(|style| {
        // No animations: nothing moves unless the trainee or the clock moves it (see redraw).
        style.animation_time = 0.0;
        style.spacing.item_spacing = Vec2::new(8.0, 6.0);
        style.spacing.button_padding = Vec2::new(10.0, 5.0);
        style.visuals.panel_fill = PAGE;
        style.visuals.window_fill = CARD;
        style.visuals.selection.bg_fill = ACCENT;
        use egui::TextStyle::*;
        style.text_styles = [
            (Heading, FontId::proportional(22.0)),
            (Body, FontId::proportional(15.0)),
            (Button, FontId::proportional(15.0)),
            (Small, FontId::proportional(12.5)),
            (Monospace, FontId::monospace(13.5)),
        ]
        .into();
    });
}

/// A colour derived from a handle, so each author keeps theirs across posts and sessions.
pub fn avatar_colour(handle: &str) -> Color32 {
    let hash = handle.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let hue = (hash % 360) as f32 / 360.0;
    let hsva = egui::ecolor::Hsva::new(hue, 0.55, 0.72, 1.0);
    hsva.into()
}

/// Up to two initials from a display name (or the handle when the name has none).
pub fn initials(name: &str, handle: &str) -> String {
    let from_name: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect();
    if from_name.is_empty() {
        handle
            .chars()
            .find(|c| c.is_alphanumeric())
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_else(|| "?".into())
    } else {
        from_name
    }
}

/// A round avatar with initials.
pub fn avatar(ui: &mut egui::Ui, name: &str, handle: &str, size: f32) {
    let (rect, _) = ui.allocate_exact_size(Vec2::splat(size), egui::Sense::hover());
    let painter = ui.painter();
    painter.circle_filled(rect.center(), size / 2.0, avatar_colour(handle));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        initials(name, handle),
        FontId::proportional(size * 0.4),
        Color32::WHITE,
    );
}

/// A small rounded label.
pub fn badge(ui: &mut egui::Ui, text: &str, fill: Color32) -> egui::Response {
    egui::Frame::new()
        .fill(fill)
        .corner_radius(CornerRadius::same(8))
        .inner_margin(egui::Margin::symmetric(6, 1))
        .show(ui, |ui| {
            ui.label(RichText::new(text).small().color(Color32::WHITE).strong())
        })
        .response
}

pub fn action_colour(action: Action) -> Color32 {
    match action {
        Action::Reply => ACCENT,
        Action::DirectMessage => Color32::from_rgb(0x6d, 0x4a, 0xc7),
        Action::Like => Color32::from_rgb(0xd6, 0x33, 0x84),
        Action::NoResponse => MUTED,
        Action::Hide => Color32::from_rgb(0x55, 0x5f, 0x6d),
        Action::Report => BAD,
        Action::Escalate => WARN,
    }
}

pub fn difficulty_colour(d: Difficulty) -> Color32 {
    match d {
        Difficulty::Beginner => GOOD,
        Difficulty::Intermediate => ACCENT,
        Difficulty::Advanced => Color32::from_rgb(0x8e, 0x24, 0xaa),
    }
}

/// A white card with a soft border, the unit every screen is built from.
pub fn card(fill: Color32) -> egui::Frame {
    egui::Frame::new()
        .fill(fill)
        .stroke(Stroke::new(1.0, Color32::from_gray(215)))
        .corner_radius(CornerRadius::same(8))
        .inner_margin(egui::Margin::same(12))
}

/// `m:ss` (or `h:mm:ss`) of simulated seconds.
pub fn clock(seconds: f64) -> String {
    let s = seconds.max(0.0) as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// How long ago, in simulated time, as a feed shows it.
pub fn age(seconds: f64) -> String {
    let s = seconds.max(0.0) as u64;
    match s {
        0..=9 => "now".into(),
        10..=59 => format!("{s}s"),
        60..=3599 => format!("{}m", s / 60),
        _ => format!("{}h", s / 3600),
    }
}

/// A line of key hints for the bottom of a screen.
pub fn key_hints(ui: &mut egui::Ui, hints: &[(&str, &str)]) {
    ui.horizontal_wrapped(|ui| {
        for (key, what) in hints {
            egui::Frame::new()
                .fill(Color32::from_gray(230))
                .stroke(Stroke::new(1.0, Color32::from_gray(190)))
                .corner_radius(CornerRadius::same(4))
                .inner_margin(egui::Margin::symmetric(5, 0))
                .show(ui, |ui| ui.label(RichText::new(*key).monospace().small()));
            ui.label(RichText::new(*what).small().color(MUTED));
            ui.add_space(6.0);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_and_colours_are_stable() {
        assert_eq!(initials("Jen Okafor", "@jen"), "JO");
        assert_eq!(initials("Priya", "@p"), "P");
        assert_eq!(initials("", "@zed"), "Z");
        assert_eq!(initials("élodie dupont", "@e"), "ÉD");
        assert_eq!(avatar_colour("@jen"), avatar_colour("@jen"));
        assert_ne!(avatar_colour("@jen"), avatar_colour("@sam"));
        assert_eq!(clock(3725.0), "1:02:05");
        assert_eq!(age(125.0), "2m");
    }
}
