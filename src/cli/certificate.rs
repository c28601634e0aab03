//! `replydesk certificate`: a trainee's onboarding certificate as a PDF (behind their PIN, if
//! they set one), and `--verify CODE` to check a certificate against the stored records.

use super::access::profile_gate;
use super::{AppArgs, Failure, open_store};
use crate::certificate::{Verification, certificate, long_date, make_pdf, verify};
use crate::scenario::catalog;
use crate::store::data_dir;
use std::path::Path;
use std::process::ExitCode;

pub fn run(
    app: &AppArgs,
    profile: Option<&str>,
    out: Option<&Path>,
    code: Option<&str>,
) -> Result<ExitCode, Failure> {
    let fail = |e: crate::store::StoreError| Failure::Message(e.to_string());
    if let Some(code) = code {
        // Reads only, and needs no path: the certificate was issued with its steps.
        let code = code.trim();
        if code.is_empty() {
            return Err(Failure::Message(
                "give the code printed at the bottom of the certificate: replydesk certificate --verify CODE".into(),
            ));
        }
        let store = open_store(app)?;
        return match verify(&store, code).map_err(fail)? {
            Verification::Valid {
                trainee,
                path,
                completed_at,
                steps,
            } => {
                println!(
                    "valid: {trainee} completed “{path}” on {} (code {})",
                    long_date(completed_at),
                    crate::certificate::normalise(code)
                );
                println!("the certificate lists, as the records still say:");
                for s in steps {
                    println!(
                        "  {}: {} / 100 on {}",
                        s.title,
                        s.score,
                        crate::report::date(s.at)
                    );
                }
                Ok(ExitCode::SUCCESS)
            }
            Verification::Changed { trainee, issued_at } => Err(Failure::Message(format!(
                "the certificate with code {} was issued here to {trainee} on {}, but the records it rests on have changed since: it no longer holds",
                crate::certificate::normalise(code),
                crate::report::date(issued_at)
            ))),
            Verification::Unknown => Err(Failure::Message(format!(
                "no certificate with the code {} was issued from the records on this computer (check the code; a certificate from another computer is checked there)",
                crate::certificate::normalise(code)
            ))),
        };
    }
    let catalog = catalog::load(std::slice::from_ref(&app.scenarios), None);
    let Some(path) = catalog.path.clone() else {
        return Err(Failure::Message(format!(
            "there is no onboarding path in {}: certificates are for completing it (see docs/authoring.md, \"The onboarding path\")",
            app.scenarios.display()
        )));
    };
    let mut store = open_store(app)?;
    let (Some(name), Some(out)) = (profile, out) else {
        return Err(Failure::Message(
            "say whose and where: replydesk certificate --profile NAME --out FILE.pdf (or --verify CODE)".into(),
        ));
    };
    let Some(p) = store.find_profile(name).map_err(fail)? else {
        return Err(Failure::Message(format!(
            "there is no profile named `{name}`"
        )));
    };
    profile_gate(&mut store, &p)?;
    let cert = match certificate(&store, &p, &path, &catalog.scenarios).map_err(fail)? {
        Ok(c) => c,
        Err(why) => return Err(Failure::Message(why)),
    };
    let bytes = make_pdf(&cert).map_err(Failure::Message)?;
    let dir = data_dir(app.data_dir.as_deref());
    crate::files::write_atomic(out, &dir, crate::store::FILE_NAME, |w| w.write_all(&bytes))
        .map_err(|e| Failure::Message(format!("cannot write {}: {e}", out.display())))?;
    eprintln!(
        "wrote {} ({} completed “{}”; verification code {})",
        out.display(),
        cert.trainee,
        cert.path,
        cert.code
    );
    Ok(ExitCode::SUCCESS)
}
