//! The look of the desk: colours, text sizes, avatars and badges shared by every screen.

use crate::scenario::{Action, Difficulty};
use bevy_egui::egui::{self, Color32, CornerRadius, FontId, RichText, Stroke, Vec2};

/// The desk's themes. Colour is never the only signal: kinds, pass/fail, deadlines and late
/// answers also say it in words or a symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
    /// Black on white, every text colour at least 7:1 (WCAG AAA).
    HighContrast,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::HighContrast];

    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::HighContrast => "high-contrast",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::Light => "Light",
            Theme::Dark => "Dark",
            Theme::HighContrast => "High contrast",
        }
    }

    pub fn parse(s: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.name() == s)
    }

    pub fn palette(self) -> Palette {
        match self {
            Theme::Light => LIGHT,
            Theme::Dark => DARK,
            Theme::HighContrast => HIGH_CONTRAST,
        }
    }
}

/// The colours of one theme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    pub accent: Color32,
    pub good: Color32,
    pub bad: Color32,
    pub warn: Color32,
    pub muted: Color32,
    pub card: Color32,
    pub page: Color32,
    pub selected: Color32,
    pub text: Color32,
    pub border: Color32,
    pub dark: bool,
}

pub const LIGHT: Palette = Palette {
    accent: Color32::from_rgb(0x1a, 0x62, 0xa3),
    good: Color32::from_rgb(0x1a, 0x73, 0x40),
    bad: Color32::from_rgb(0xb0, 0x32, 0x24),
    warn: Color32::from_rgb(0x9a, 0x52, 0x00),
    muted: Color32::from_rgb(0x5f, 0x66, 0x73),
    card: Color32::from_rgb(0xff, 0xff, 0xff),
    page: Color32::from_rgb(0xf2, 0xf4, 0xf7),
    selected: Color32::from_rgb(0xe3, 0xef, 0xfb),
    text: Color32::from_rgb(0x3c, 0x3c, 0x3c),
    border: Color32::from_gray(215),
    dark: false,
};

pub const DARK: Palette = Palette {
    accent: Color32::from_rgb(0x7c, 0xb8, 0xf5),
    good: Color32::from_rgb(0x6f, 0xd0, 0x95),
    bad: Color32::from_rgb(0xff, 0x8a, 0x7a),
    warn: Color32::from_rgb(0xf4, 0xb0, 0x5a),
    muted: Color32::from_rgb(0xa9, 0xb1, 0xbd),
    card: Color32::from_rgb(0x24, 0x28, 0x2f),
    page: Color32::from_rgb(0x17, 0x1a, 0x1f),
    selected: Color32::from_rgb(0x1d, 0x3a, 0x5a),
    text: Color32::from_rgb(0xe8, 0xea, 0xed),
    border: Color32::from_gray(70),
    dark: true,
};

pub const HIGH_CONTRAST: Palette = Palette {
    accent: Color32::from_rgb(0x00, 0x2f, 0x6c),
    good: Color32::from_rgb(0x00, 0x4b, 0x1c),
    bad: Color32::from_rgb(0x8b, 0x00, 0x00),
    warn: Color32::from_rgb(0x5c, 0x33, 0x00),
    muted: Color32::from_rgb(0x30, 0x30, 0x30),
    card: Color32::WHITE,
    page: Color32::WHITE,
    selected: Color32::from_rgb(0xff, 0xf5, 0x9d),
    text: Color32::BLACK,
    border: Color32::BLACK,
    dark: false,
};

static CURRENT: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// The theme every screen draws with (set by [`apply`]).
pub fn current() -> Theme {
    Theme::ALL[usize::from(CURRENT.load(std::sync::atomic::Ordering::Relaxed)).min(2)]
}

fn palette() -> Palette {
    current().palette()
}

/// Body text.
pub fn text() -> Color32 {
    palette().text
}

pub fn accent() -> Color32 {
    palette().accent
}
pub fn good() -> Color32 {
    palette().good
}
pub fn bad() -> Color32 {
    palette().bad
}
pub fn warn() -> Color32 {
    palette().warn
}
pub fn muted() -> Color32 {
    palette().muted
}
pub fn card_fill() -> Color32 {
    palette().card
}
pub fn page() -> Color32 {
    palette().page
}
pub fn selected() -> Color32 {
    palette().selected
}
pub fn border() -> Color32 {
    palette().border
}

/// A fill for notices (amber in light themes), with the theme's text readable on it.
pub fn notice_fill() -> Color32 {
    match current() {
        Theme::Light => Color32::from_rgb(0xff, 0xf4, 0xe0),
        Theme::Dark => Color32::from_rgb(0x3a, 0x2e, 0x16),
        Theme::HighContrast => Color32::WHITE,
    }
}

/// A card tinted with `colour` (a light green for good news in the light theme, a dark one in
/// the dark theme), on which the theme's text and `colour` stay readable.
pub fn tint(colour: Color32) -> Color32 {
    let amount = if current() == Theme::HighContrast {
        0.06
    } else {
        0.12
    };
    palette().card.lerp_to_gamma(colour, amount)
}

/// Text that reads on `fill`: black on light fills, white on dark ones.
pub fn on(fill: Color32) -> Color32 {
    if luminance(fill) > 0.4 {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

/// WCAG relative luminance.
pub fn luminance(c: Color32) -> f64 {
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
}

/// WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: Color32, b: Color32) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

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

/// The desk's style in `theme`, with larger text: staff PCs are often small screens read from a
/// distance. Fonts are set once; call again to switch themes.
pub fn apply(ctx: &egui::Context, theme: Theme, motion: bool) {
    CURRENT.store(theme as u8, std::sync::atomic::Ordering::Relaxed);
    ctx.request_repaint();
    let p = theme.palette();
    ctx.set_visuals(if p.dark {
        egui::Visuals::dark()
    } else {
        egui::Visuals::light()
    });
    ctx.all_styles_mut(|style| {
        // Reduced motion unless the trainee turns motion on: no fades, and scrolling jumps
        // instead of gliding. With motion, egui's own short ones (see redraw for their frames).
        let defaults = egui::Style::default();
        if motion {
            style.animation_time = defaults.animation_time;
            style.scroll_animation = defaults.scroll_animation;
        } else {
            style.animation_time = 0.0;
            style.scroll_animation = egui::style::ScrollAnimation::none();
        }
        style.spacing.item_spacing = Vec2::new(8.0, 6.0);
        style.spacing.button_padding = Vec2::new(10.0, 5.0);
        style.visuals.panel_fill = p.page;
        style.visuals.window_fill = p.card;
        style.visuals.override_text_color = Some(p.text);
        style.visuals.selection.bg_fill = p.accent;
        style.visuals.selection.stroke = Stroke::new(2.0, on(p.accent));
        style.visuals.widgets.hovered.bg_stroke = Stroke::new(1.5, p.accent);
        // Keyboard focus always shows: egui draws a focused widget as `active`, here with a
        // thick outline (custom widgets draw the same with `focus_ring`).
        style.visuals.widgets.active.bg_stroke = Stroke::new(FOCUS_WIDTH, p.accent);
        if theme == Theme::HighContrast {
            for w in [
                &mut style.visuals.widgets.inactive,
                &mut style.visuals.widgets.hovered,
                &mut style.visuals.widgets.active,
            ] {
                w.bg_stroke = Stroke::new(1.5, Color32::BLACK);
                w.fg_stroke = Stroke::new(1.5, Color32::BLACK);
            }
            style.visuals.widgets.active.bg_stroke = Stroke::new(FOCUS_WIDTH, Color32::BLACK);
        }
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

/// How thick the keyboard focus outline is.
pub const FOCUS_WIDTH: f32 = 3.0;

/// The keyboard focus outline around a custom widget (a feed row, a response), as buttons get.
pub fn focus_ring(ui: &egui::Ui, response: &egui::Response) {
    if response.has_focus() {
        let colour = if current() == Theme::HighContrast {
            Color32::BLACK
        } else {
            accent()
        };
        ui.painter().rect_stroke(
            response.rect.shrink(1.0),
            6.0,
            Stroke::new(FOCUS_WIDTH, colour),
            egui::StrokeKind::Inside,
        );
    }
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
            ui.label(RichText::new(text).small().color(on(fill)).strong())
        })
        .response
}

pub fn action_colour(action: Action) -> Color32 {
    match action {
        Action::Reply => accent(),
        Action::DirectMessage => Color32::from_rgb(0x6d, 0x4a, 0xc7),
        Action::Like => Color32::from_rgb(0xd6, 0x33, 0x84),
        Action::NoResponse => muted(),
        Action::Hide => Color32::from_rgb(0x55, 0x5f, 0x6d),
        Action::Report => bad(),
        Action::Escalate => warn(),
    }
}

pub fn difficulty_colour(d: Difficulty) -> Color32 {
    match d {
        Difficulty::Beginner => good(),
        Difficulty::Intermediate => accent(),
        Difficulty::Advanced => Color32::from_rgb(0x8e, 0x24, 0xaa),
    }
}

/// A white card with a soft border, the unit every screen is built from.
pub fn card(fill: Color32) -> egui::Frame {
    egui::Frame::new()
        .fill(fill)
        .stroke(Stroke::new(1.0, palette().border))
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
            // A hint wraps whole: its key cap and its words stay together on one row.
            let width = |text: RichText| {
                egui::WidgetText::from(text)
                    .into_galley(
                        ui,
                        Some(egui::TextWrapMode::Extend),
                        f32::INFINITY,
                        egui::TextStyle::Small,
                    )
                    .size()
                    .x
            };
            let needed = width(RichText::new(*key).monospace().small())
                + width(RichText::new(*what).small())
                + 10.0
                + 2.0 * ui.spacing().item_spacing.x;
            if needed > ui.available_size_before_wrap().x {
                ui.end_row();
            }
            egui::Frame::new()
                .fill(palette().card)
                .stroke(Stroke::new(1.0, palette().border))
                .corner_radius(CornerRadius::same(4))
                .inner_margin(egui::Margin::symmetric(5, 0))
                .show(ui, |ui| ui.label(RichText::new(*key).monospace().small()));
            ui.label(RichText::new(*what).small().color(muted()));
            ui.add_space(6.0);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text colour of a theme against every background it is drawn on.
    fn pairs(p: &Palette) -> Vec<(f64, &'static str)> {
        let texts = [
            (p.text, "text"),
            (p.muted, "muted"),
            (p.accent, "accent"),
            (p.good, "good"),
            (p.bad, "bad"),
            (p.warn, "warn"),
        ];
        let mut out = Vec::new();
        for (fg, name) in texts {
            for bg in [p.card, p.page, p.selected] {
                out.push((contrast(fg, bg), name));
            }
        }
        out
    }

    #[test]
    fn high_contrast_reaches_7_to_1_and_every_theme_4_5_to_1() {
        for (ratio, name) in pairs(&HIGH_CONTRAST) {
            assert!(ratio >= 7.0, "high contrast {name}: {ratio:.2}");
        }
        for theme in Theme::ALL {
            for (ratio, name) in pairs(&theme.palette()) {
                assert!(ratio >= 4.5, "{theme:?} {name}: {ratio:.2}");
            }
            // Body text: AAA in every theme.
            let p = theme.palette();
            assert!(contrast(p.text, p.card) >= 7.0, "{theme:?}");
        }
        // The formula itself: black on white is 21:1, a colour on itself 1:1.
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(LIGHT.accent, LIGHT.accent) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn tinted_cards_keep_text_readable_in_every_theme() {
        for theme in Theme::ALL {
            let p = theme.palette();
            for colour in [p.good, p.bad] {
                let amount = if theme == Theme::HighContrast {
                    0.06
                } else {
                    0.12
                };
                let fill = p.card.lerp_to_gamma(colour, amount);
                assert!(contrast(p.text, fill) >= 7.0, "{theme:?} text on {fill:?}");
                let least = if theme == Theme::HighContrast {
                    7.0
                } else {
                    4.5
                };
                assert!(
                    contrast(colour, fill) >= least,
                    "{theme:?} {colour:?} on {fill:?}"
                );
            }
        }
    }

    #[test]
    fn badge_text_is_readable_on_its_fill() {
        for theme in Theme::ALL {
            let p = theme.palette();
            for fill in [p.accent, p.good, p.bad, p.warn, p.muted] {
                assert!(contrast(on(fill), fill) >= 4.5, "{theme:?} {fill:?}");
            }
        }
    }

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
