//! Every character of the shipped pack renders in the desk: each one has a glyph in the fonts the
//! app installs (egui's own and the bundled fallback), so no post shows an empty box.
#![cfg(feature = "gui")]

use bevy_egui::egui;
use replydesk::scenario::catalog;
use std::collections::BTreeMap;

#[test]
fn every_character_of_the_pack_has_a_glyph_in_the_desk_fonts() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let pack = catalog::load(&[dir], None);
    assert!(!pack.scenarios.is_empty());
    // Each character, with the first place it appears.
    let mut chars: BTreeMap<char, String> = BTreeMap::new();
    let mut add = |text: &str, place: String| {
        for c in text.chars().filter(|c| !c.is_control()) {
            chars.entry(c).or_insert_with(|| place.clone());
        }
    };
    for e in &pack.scenarios {
        let s = &e.scenario;
        add(&s.title, format!("{} title", s.id));
        add(&s.summary, format!("{} summary", s.id));
        for (post, _) in s.all_posts() {
            let at = format!("{}/{}", s.id, post.id);
            add(&post.text, at.clone());
            add(&post.author.name, at.clone());
            add(&post.author.handle, at.clone());
            add(&post.author.bio, at.clone());
            for o in &post.options {
                add(&o.text, format!("{at}/{}", o.id));
                add(&o.feedback, format!("{at}/{} feedback", o.id));
            }
        }
        for g in &e.guidelines.guidelines {
            add(&g.title, format!("guideline {}", g.id));
            add(&g.text, format!("guideline {}", g.id));
        }
    }

    let ctx = egui::Context::default();
    ctx.set_fonts(replydesk::app::theme::font_definitions());
    let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
    output.textures_delta.clear();
    let font = egui::FontId::proportional(15.0);
    // egui's `has_glyph` also says no for every character of the face that holds its replacement
    // box (the emoji font), so a character counts as drawable when some face has it, which a
    // width above zero shows.
    let drawable = |f: &mut egui::epaint::text::FontsView<'_>, c: char| {
        f.has_glyph(&font, c) || f.glyph_width(&font, c) > 0.0
    };
    let (missing, fox, letter): (Vec<String>, bool, bool) = ctx.fonts_mut(|f| {
        let missing = chars
            .iter()
            .filter(|(c, _)| !drawable(f, **c))
            .map(|(c, place)| format!("{c:?} (U+{:04X}) in {place}", *c as u32))
            .collect();
        (missing, drawable(f, '🦊'), drawable(f, 'ł'))
    });
    // The check can fail: the fox, which once showed as an empty box, is still not drawable.
    assert!(!fox && letter, "the glyph check itself is wrong");
    // Looking glyphs up may have queued atlas updates: nothing draws them here.
    let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
    output.textures_delta.clear();
    assert!(
        missing.is_empty(),
        "characters the desk cannot draw:\n{}",
        missing.join("\n")
    );
    // The post in another language is in the pack, and its letters are among those checked.
    assert!(
        chars.contains_key(&'ł') || chars.contains_key(&'ą'),
        "a Polish post"
    );
}
