//! The onboarding certificate: what it says (library, trainee, date, each step's score, the final
//! assessment's guidelines), the verification code that ties it to the stored records, and the
//! one-page PDF.

use crate::onboarding::{LoadedPath, StepMode, StepState, position};
use crate::scenario::CatalogEntry;
use crate::store::{Profile, Store, StoreError};
use printpdf::{
    Color, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rgb, TextItem,
};
use sha2::{Digest, Sha256};

/// The font every certificate is set in (DejaVu Sans: Latin, Greek, Cyrillic, Armenian,
/// Georgian, Hebrew and more), shipped with replydesk.
const FONT: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");

/// A completed step as the certificate lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct StepLine {
    pub title: String,
    pub mode: StepMode,
    pub score: u32,
    pub at: i64,
    /// The stored session that completed it.
    pub session: i64,
}

/// What a certificate says.
#[derive(Debug, Clone, PartialEq)]
pub struct Certificate {
    pub library: String,
    pub trainee: String,
    pub path: String,
    /// When the last step was completed.
    pub completed_at: i64,
    pub steps: Vec<StepLine>,
    /// The final assessment's percentage per guideline (title, percent).
    pub guidelines: Vec<(String, u32)>,
    pub code: String,
}

/// Issues the certificate of a trainee who completed the path (kept in the store, so that its
/// code can be verified later whatever the path file says then), or says why there is none.
pub fn certificate(
    store: &Store,
    profile: &Profile,
    path: &LoadedPath,
    scenarios: &[CatalogEntry],
) -> Result<Result<Certificate, String>, StoreError> {
    let p = position(store, profile, &path.path, scenarios, true)?;
    if !p.complete() {
        return Ok(Err(format!(
            "{} has not completed the path yet: {}",
            profile.name,
            p.summary()
        )));
    }
    let mut steps = Vec::new();
    let mut final_session = None;
    for s in &p.steps {
        if let StepState::Done { session, score, at } = s.state {
            steps.push(StepLine {
                title: s.title.clone(),
                mode: s.mode,
                score,
                at,
                session,
            });
            if s.mode == StepMode::Assessment {
                final_session = Some((session, s.scenario.clone()));
            }
        }
    }
    let completed_at = steps.iter().map(|s| s.at).max().unwrap_or(0);
    let mut guidelines = Vec::new();
    if let Some((session, scenario)) = &final_session {
        let entry = scenarios.iter().find(|e| &e.scenario.id == scenario);
        for (s, g, percent) in store.guideline_history(profile)? {
            if s == *session {
                let title = entry
                    .and_then(|e| e.guidelines.get(&g).map(|x| x.title.clone()))
                    .unwrap_or(g);
                guidelines.push((title, percent));
            }
        }
    }
    let library = scenarios.first().map_or_else(
        || "The library".to_string(),
        |e| e.guidelines.library.clone(),
    );
    let code = code(store, profile, &steps)?;
    store.issue_certificate(
        &code,
        profile,
        &path.path.title,
        completed_at,
        &lines(&steps),
    )?;
    Ok(Ok(Certificate {
        library,
        trainee: profile.name.clone(),
        path: path.path.title.clone(),
        completed_at,
        steps,
        guidelines,
        code,
    }))
}

/// The steps as the store keeps them with an issued certificate: one line each.
fn lines(steps: &[StepLine]) -> String {
    steps
        .iter()
        .map(|s| {
            let mode = match s.mode {
                StepMode::Practice => "Practice",
                StepMode::Assessment => "Assessment",
            };
            format!(
                "{}\t{mode}\t{}\t{}\t{}",
                s.title.replace(['\t', '\n'], " "),
                s.score,
                s.at,
                s.session
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The steps of an issued certificate, back from their lines.
fn parse_lines(text: &str) -> Vec<StepLine> {
    text.lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let [title, mode, score, at, session] = f[..] else {
                return None;
            };
            Some(StepLine {
                title: title.to_string(),
                mode: if mode == "Assessment" {
                    StepMode::Assessment
                } else {
                    StepMode::Practice
                },
                score: score.parse().ok()?,
                at: at.parse().ok()?,
                session: session.parse().ok()?,
            })
        })
        .collect()
}

/// The verification code of a certificate: a hash of the trainee and of the stored records of
/// the steps it lists (each session with its seed, scenario version, mode, times, score and
/// every answer). Any change to those records changes it; a backup restored or the store copied
/// keeps it.
pub fn code(store: &Store, profile: &Profile, steps: &[StepLine]) -> Result<String, StoreError> {
    let mut hash = Sha256::new();
    let mut put = |s: &str| {
        hash.update((s.len() as u64).to_le_bytes());
        hash.update(s.as_bytes());
    };
    put("replydesk certificate 1");
    put(&profile.name);
    let sessions = store.sessions(profile)?;
    for step in steps {
        put(&format!("{} {} {}", step.title, step.score, step.at));
        match sessions.iter().find(|s| s.id == step.session) {
            Some(s) => put(&format!(
                "{} {} {:?} {} {} {:?} {:?} {:?}",
                s.scenario_id,
                s.scenario_hash,
                s.mode,
                s.seed,
                s.started_at,
                s.finished_at,
                s.score,
                s.passed
            )),
            None => put("missing session"),
        }
        for a in store.answers(step.session)? {
            put(&format!(
                "{} {} {} {}",
                a.post_id, a.option_id, a.answered_at, a.value
            ));
        }
    }
    let digest = hash.finalize();
    Ok(group(&crockford(&digest[..10])))
}

/// Crockford's base32: no I, L, O or U, so a code read aloud or typed is hard to get wrong.
fn crockford(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for b in bytes {
        buffer = (buffer << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

fn group(code: &str) -> String {
    code.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A code as typed: upper case, without dashes or spaces, with the letters people confuse
/// read as Crockford reads them (O as 0, I and L as 1).
pub fn normalise(code: &str) -> String {
    let plain: String = code
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    group(&plain)
}

/// What `--verify` found for a code.
#[derive(Debug, Clone, PartialEq)]
pub enum Verification {
    /// Issued here, and the records it rests on are as they were.
    Valid {
        trainee: String,
        path: String,
        completed_at: i64,
        steps: Vec<StepLine>,
    },
    /// Issued here, but the records it rests on have changed since.
    Changed { trainee: String, issued_at: i64 },
    /// No certificate with this code was issued from this store.
    Unknown,
}

/// Checks a code: issued from this store, and its records unchanged since. Reads only.
pub fn verify(store: &Store, code_given: &str) -> Result<Verification, StoreError> {
    let wanted = normalise(code_given);
    let Some(issued) = store.issued_certificate(&wanted)? else {
        return Ok(Verification::Unknown);
    };
    let steps = parse_lines(&issued.steps);
    if code(store, &issued.profile, &steps)? == wanted {
        Ok(Verification::Valid {
            trainee: issued.profile.name,
            path: issued.path_title,
            completed_at: issued.completed_at,
            steps,
        })
    } else {
        Ok(Verification::Changed {
            trainee: issued.profile.name,
            issued_at: issued.issued_at,
        })
    }
}

/// The fonts of a certificate: the shipped one, and for a name it cannot show, an installed
/// font that has every letter of it.
pub struct Fonts {
    body: ParsedFont,
    name: Option<ParsedFont>,
}

impl Fonts {
    /// The fonts for a certificate of `trainee`: the shipped font read once; when it lacks some
    /// of the name's letters, a font fontconfig (`fc-match`) finds for them, or why there is none.
    pub fn for_name(trainee: &str) -> Result<Fonts, String> {
        let body = ParsedFont::from_bytes(FONT, 0, &mut Vec::new())
            .ok_or("the shipped font cannot be read")?;
        let has = |font: &ParsedFont, c: char| font.lookup_glyph_index(u32::from(c)).is_some();
        let mut missing: Vec<char> = trainee
            .chars()
            .filter(|c| !c.is_whitespace() && !has(&body, *c))
            .collect();
        missing.dedup();
        if missing.is_empty() {
            return Ok(Fonts { body, name: None });
        }
        let name = system_font(&missing)
            .and_then(|bytes| ParsedFont::from_bytes(&bytes, 0, &mut Vec::new()))
            .filter(|font| missing.iter().all(|c| has(font, *c)));
        match name {
            Some(font) => Ok(Fonts {
                body,
                name: Some(font),
            }),
            None => Err(format!(
                "the name {trainee} uses characters the certificate's font has no letters for ({}): install a font that has them (for example Noto Sans CJK) and try again",
                missing.iter().collect::<String>()
            )),
        }
    }
}

/// An installed font with all of `letters`, found with fontconfig (`fc-match`), if any.
fn system_font(letters: &[char]) -> Option<Vec<u8>> {
    let charset: Vec<String> = letters
        .iter()
        .map(|c| format!("{:x}", u32::from(*c)))
        .collect();
    let out = std::process::Command::new("fc-match")
        .arg("--format=%{file}")
        .arg(format!(":charset={}", charset.join(" ")))
        .output()
        .ok()?;
    let file = String::from_utf8(out.stdout).ok()?;
    std::fs::read(file.trim()).ok()
}

/// The certificate as a one-page A4 PDF.
pub fn pdf(cert: &Certificate, fonts: &Fonts) -> Result<Vec<u8>, String> {
    let name_font = fonts.name.as_ref().unwrap_or(&fonts.body);
    let mut doc = PdfDocument::new(&format!("Certificate: {}", cert.trainee));
    let body = doc.add_font(&fonts.body);
    let name = if std::ptr::eq(name_font, &fonts.body) {
        body.clone()
    } else {
        doc.add_font(name_font)
    };
    let (width, height) = (Mm(210.0), Mm(297.0));
    let page_w: Pt = width.into();
    let mut ops = Vec::new();
    let ink = Color::Rgb(Rgb::new(0.1, 0.12, 0.16, None));
    let accent = Color::Rgb(Rgb::new(0.05, 0.27, 0.55, None));
    let muted = Color::Rgb(Rgb::new(0.35, 0.37, 0.42, None));
    let text_width = |font: &ParsedFont, text: &str, size: f32| -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| {
                font.lookup_glyph_index(u32::from(c))
                    .and_then(|g| font.get_glyph_width(g))
                    .map_or(0, u32::from)
            })
            .sum();
        units as f32 * size / f32::from(font.units_per_em.max(1))
    };
    let line = |ops: &mut Vec<Op>,
                font: &printpdf::FontId,
                parsed: &ParsedFont,
                text: &str,
                size: f32,
                y_mm: f32,
                centred: bool,
                x_mm: f32,
                colour: &Color| {
        // Long text never runs off the page or into the next column: a centred line shrinks
        // (to half its size at most), then any text is cut with "…" where its room ends.
        let room: Pt = if centred {
            Mm(170.0).into()
        } else if x_mm < 100.0 {
            Mm(95.0).into()
        } else {
            Mm(24.0).into()
        };
        let mut size = size;
        if centred {
            let min = size / 2.0;
            while size > min && text_width(parsed, text, size) > room.0 {
                size -= 0.5;
            }
        }
        let mut shown = text.to_string();
        if text_width(parsed, &shown, size) > room.0 {
            while !shown.is_empty() && text_width(parsed, &format!("{shown}…"), size) > room.0 {
                shown.pop();
            }
            shown = format!("{}…", shown.trim_end());
        }
        let text = shown.as_str();
        let x = if centred {
            Pt((page_w.0 - text_width(parsed, text, size)) / 2.0)
        } else {
            Mm(x_mm).into()
        };
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFillColor {
            col: colour.clone(),
        });
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font.clone()),
            size: Pt(size),
        });
        ops.push(Op::SetTextCursor {
            pos: Point {
                x,
                y: Mm(y_mm).into(),
            },
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(text.to_string())],
        });
        ops.push(Op::EndTextSection);
    };
    let rule = |ops: &mut Vec<Op>, y_mm: f32| {
        ops.push(Op::SetOutlineColor {
            col: Color::Rgb(Rgb::new(0.05, 0.27, 0.55, None)),
        });
        ops.push(Op::SetOutlineThickness { pt: Pt(1.0) });
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: Point {
                            x: Mm(25.0).into(),
                            y: Mm(y_mm).into(),
                        },
                        bezier: false,
                    },
                    LinePoint {
                        p: Point {
                            x: Mm(185.0).into(),
                            y: Mm(y_mm).into(),
                        },
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
    };
    let f = &fonts.body;
    line(
        &mut ops,
        &body,
        f,
        &cert.library,
        14.0,
        265.0,
        true,
        0.0,
        &muted,
    );
    line(
        &mut ops,
        &body,
        f,
        "Certificate of completion",
        28.0,
        248.0,
        true,
        0.0,
        &accent,
    );
    rule(&mut ops, 240.0);
    line(
        &mut ops,
        &body,
        f,
        "This certifies that",
        12.0,
        228.0,
        true,
        0.0,
        &muted,
    );
    line(
        &mut ops,
        &name,
        name_font,
        &cert.trainee,
        26.0,
        214.0,
        true,
        0.0,
        &ink,
    );
    line(
        &mut ops,
        &body,
        f,
        &format!(
            "completed “{}” on {}",
            cert.path,
            long_date(cert.completed_at)
        ),
        12.0,
        203.0,
        true,
        0.0,
        &muted,
    );
    let mut y = 186.0;
    line(&mut ops, &body, f, "Steps", 13.0, y, false, 25.0, &accent);
    y -= 8.0;
    for s in &cert.steps {
        let mode = match s.mode {
            StepMode::Practice => "practice",
            StepMode::Assessment => "assessment",
        };
        line(&mut ops, &body, f, &s.title, 11.0, y, false, 25.0, &ink);
        line(&mut ops, &body, f, mode, 10.0, y, false, 122.0, &muted);
        line(
            &mut ops,
            &body,
            f,
            &format!("{} / 100", s.score),
            11.0,
            y,
            false,
            148.0,
            &ink,
        );
        line(
            &mut ops,
            &body,
            f,
            &crate::report::date(s.at),
            9.5,
            y,
            false,
            168.0,
            &muted,
        );
        y -= 6.5;
    }
    if !cert.guidelines.is_empty() {
        y -= 5.0;
        line(
            &mut ops,
            &body,
            f,
            "Final assessment, by guideline",
            13.0,
            y,
            false,
            25.0,
            &accent,
        );
        y -= 8.0;
        for (title, percent) in &cert.guidelines {
            line(&mut ops, &body, f, title, 11.0, y, false, 25.0, &ink);
            line(
                &mut ops,
                &body,
                f,
                &format!("{percent}%"),
                11.0,
                y,
                false,
                148.0,
                &ink,
            );
            y -= 6.5;
        }
    }
    rule(&mut ops, 40.0);
    line(
        &mut ops,
        &body,
        f,
        &format!("Verification code: {}", cert.code),
        12.0,
        31.0,
        true,
        0.0,
        &ink,
    );
    line(
        &mut ops,
        &body,
        f,
        "To check it, run: replydesk certificate --verify CODE, on the computer that holds the records.",
        9.0,
        24.0,
        true,
        0.0,
        &muted,
    );
    let page = PdfPage::new(width, height, ops);
    let mut warnings = Vec::new();
    Ok(doc
        .with_pages(vec![page])
        .save(&PdfSaveOptions::default(), &mut warnings))
}

/// Makes the PDF of a trainee's certificate: the shipped font, or an installed one for a name
/// it cannot show.
pub fn make_pdf(cert: &Certificate) -> Result<Vec<u8>, String> {
    pdf(cert, &Fonts::for_name(&cert.trainee)?)
}

/// "29 November 2026".
pub fn long_date(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| {
            t.format(time::macros::format_description!(
                "[day padding:none] [month repr:long] [year]"
            ))
            .ok()
        })
        .unwrap_or_else(|| crate::report::date(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_forgivingly() {
        assert_eq!(crockford(&[0xff; 5]), "ZZZZZZZZ");
        assert_eq!(normalise("abcd-efgh ijkl-mnop"), "ABCD-EFGH-1JK1-MN0P");
        assert_eq!(long_date(1_796_000_000), "30 November 2026");
    }
}
