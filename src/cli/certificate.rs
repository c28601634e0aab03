//! `replydesk certificate`: a trainee's onboarding certificate as a PDF (behind their PIN, if
//! they set one), and `--verify CODE` to check a certificate against the stored records.

use super::access::profile_gate;
use super::{AppArgs, Failure, open_store};
use crate::certificate::{certificate, long_date, make_pdf, verify};
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
    let catalog = catalog::load(std::slice::from_ref(&app.scenarios), None);
    let Some(path) = catalog.path.clone() else {
        return Err(Failure::Message(format!(
            "there is no onboarding path in {}: certificates are for completing it (see docs/authoring.md, \"The onboarding path\")",
            app.scenarios.display()
        )));
    };
    let mut store = open_store(app)?;
    if let Some(code) = code {
        return match verify(&store, &path, &catalog.scenarios, code).map_err(fail)? {
            Some(c) => {
                println!(
                    "valid: {} completed “{}” on {} (code {})",
                    c.trainee,
                    c.path,
                    long_date(c.completed_at),
                    c.code
                );
                Ok(ExitCode::SUCCESS)
            }
            None => Err(Failure::Message(format!(
                "no trainee's records here give the code {}: the certificate was made on another computer, or the records it rests on have changed since",
                crate::certificate::normalise(code)
            ))),
        };
    }
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
