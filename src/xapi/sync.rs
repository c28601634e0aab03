//! `sync`: sends every statement a Learning Record Store has not yet accepted, in batches,
//! retrying on server and network errors, and enters a batch in the store's outbox only after
//! the LRS answered 200 or 204. The password lives in memory only.

use super::{Statement, session_statements};
use crate::report::Context;
use crate::scenario::Catalog;
use crate::store::{Store, StoreError};
use base64::Engine as _;
use serde_json::Value;
use std::time::Duration;

/// The LRS password's environment variable (for `replydesk sync`, and for the app with the
/// other two).
pub const PASSWORD_VAR: &str = "REPLYDESK_LRS_PASSWORD";
/// The LRS user's environment variable.
pub const USER_VAR: &str = "REPLYDESK_LRS_USER";
/// The LRS address's environment variable (the app's; `sync` takes `--lrs`).
pub const URL_VAR: &str = "REPLYDESK_LRS_URL";

/// Why a sync stopped. Each says what to do, in one line.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{0}")]
    Usage(String),
    #[error(
        "the LRS at {url} refused the user and password (HTTP {status}): {reason}. Check the user (--lrs-user) and the password"
    )]
    Credentials {
        url: String,
        status: u16,
        reason: String,
    },
    #[error("the LRS at {url} refused the statements (HTTP {status}): {reason}")]
    Rejected {
        url: String,
        status: u16,
        reason: String,
    },
    #[error(
        "the LRS at {url} refused {count} statement(s) (HTTP {status}), the first {first}: {reason}; the other {sent} were sent, and the refused ones will be tried again next time"
    )]
    Refused {
        url: String,
        count: usize,
        status: u16,
        first: String,
        reason: String,
        sent: usize,
    },
    #[error(
        "the LRS at {url} cannot be reached: {reason} (tried {tries} times; nothing was marked as sent)"
    )]
    Unreachable {
        url: String,
        reason: String,
        tries: u32,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How a sync runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Statements per request.
    pub batch: usize,
    /// Further tries after a server error (5xx) or a network error.
    pub retries: u32,
    /// The wait before the first retry; it doubles with each.
    pub first_wait: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            batch: 50,
            retries: 4,
            first_wait: Duration::from_millis(500),
        }
    }
}

/// What a sync did (or, dry, would do).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Summary {
    /// Statements the LRS accepted now.
    pub sent: usize,
    /// Statements it already had (sent before, their answer lost), now entered as accepted.
    pub already_there: usize,
    /// Sessions with statements sent.
    pub sessions: usize,
    /// Statements accepted on earlier runs, not sent again.
    pub accepted_before: usize,
    /// Sessions not sent because their scenario is not in the folder (session, scenario).
    pub held_back: Vec<(i64, String)>,
}

/// An LRS's xAPI endpoint, with the user and password to send as.
pub struct Lrs {
    endpoint: String,
    user: String,
    password: String,
    agent: ureq::Agent,
}

impl Lrs {
    /// `url` is the xAPI endpoint (`statements` is under it); `ca` is a PEM file of the
    /// certificate authorities to trust instead of the public ones (a library's own).
    pub fn new(url: &str, user: &str, password: &str, ca: Option<&[u8]>) -> Result<Lrs, SyncError> {
        let endpoint = endpoint(url)?;
        if user.trim().is_empty() {
            return Err(SyncError::Usage(
                "no LRS user: give --lrs-user USER or set REPLYDESK_LRS_USER".into(),
            ));
        }
        let mut tls = ureq::tls::TlsConfig::builder();
        if let Some(pem) = ca {
            let certs: Vec<_> = ureq::tls::parse_pem(pem)
                .filter_map(|item| match item {
                    Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
                    _ => None,
                })
                .collect();
            if certs.is_empty() {
                return Err(SyncError::Usage(
                    "the --lrs-ca file holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
                        .into(),
                ));
            }
            tls = tls.root_certs(ureq::tls::RootCerts::new_with_certs(&certs));
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            // A redirect would turn the POST into a GET without its statements or password.
            .max_redirects(0)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(60)))
            .tls_config(tls.build())
            .build()
            .new_agent();
        Ok(Lrs {
            endpoint,
            user: user.to_string(),
            password: password.to_string(),
            agent,
        })
    }

    /// The endpoint as the outbox keys it: the URL given, with one `/` at the end.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    fn authorization(&self) -> String {
        let pair = format!("{}:{}", self.user, self.password);
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        )
    }

    /// POSTs statements; Ok when the LRS stored them all.
    fn post(&self, statements: &[&Statement], opts: &Options) -> Result<(), Refusal> {
        let body = Value::Array(statements.iter().map(|s| s.body.clone()).collect()).to_string();
        let url = format!("{}statements", self.endpoint);
        let mut wait = opts.first_wait;
        let mut last = String::new();
        for attempt in 0..=opts.retries {
            if attempt > 0 {
                std::thread::sleep(wait);
                wait *= 2;
            }
            let sent = self
                .agent
                .post(&url)
                .header("Authorization", &self.authorization())
                .header("X-Experience-API-Version", "1.0.3")
                .header("Content-Type", "application/json")
                .send(body.as_str());
            match sent {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    if status == 204 {
                        return Ok(());
                    }
                    if status == 200 {
                        // An LRS answers with the ids it stored; a web page or a portal that
                        // answers 200 to anything has not stored them.
                        return if stored_ids(&mut response, statements) {
                            Ok(())
                        } else {
                            Err(Refusal::NotAnLrs)
                        };
                    }
                    if (300..400).contains(&status) {
                        let to = response
                            .headers()
                            .get("location")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("another address")
                            .to_string();
                        return Err(Refusal::Redirect(status, to));
                    }
                    let reason = reason(&mut response);
                    match status {
                        401 | 403 => return Err(Refusal::Credentials(status, reason)),
                        409 => return Err(Refusal::Conflict(reason)),
                        500..=599 => last = format!("HTTP {status}: {reason}"),
                        _ => return Err(Refusal::Rejected(status, reason)),
                    }
                }
                Err(e) => last = network_reason(&e),
            }
        }
        Err(Refusal::Unreachable(last, opts.retries + 1))
    }

    /// Whether the LRS takes our user and password, asked with the smallest query there is
    /// (for a sync with nothing to send, which should still say when they are wrong).
    fn check(&self) -> Result<(), Refusal> {
        let response = self
            .agent
            .get(format!("{}statements", self.endpoint))
            .query("limit", "1")
            .header("Authorization", &self.authorization())
            .header("X-Experience-API-Version", "1.0.3")
            .call();
        let mut response = response.map_err(|e| Refusal::Unreachable(network_reason(&e), 1))?;
        match response.status().as_u16() {
            200..=299 => Ok(()),
            status @ (401 | 403) => Err(Refusal::Credentials(status, reason(&mut response))),
            status => Err(Refusal::Rejected(status, reason(&mut response))),
        }
    }

    /// Whether the LRS holds `statement` already: the same id, actor, verb, object and
    /// response. A statement with our id but other content is not ours.
    fn holds(&self, statement: &Statement) -> Result<bool, Refusal> {
        let url = format!("{}statements", self.endpoint);
        let response = self
            .agent
            .get(&url)
            .query("statementId", statement.id.to_string())
            .header("Authorization", &self.authorization())
            .header("X-Experience-API-Version", "1.0.3")
            .call();
        let mut response = response.map_err(|e| Refusal::Unreachable(network_reason(&e), 1))?;
        let status = response.status().as_u16();
        if status == 404 {
            return Ok(false);
        }
        if status != 200 {
            return Err(Refusal::Rejected(status, reason(&mut response)));
        }
        let text = response
            .body_mut()
            .with_config()
            .limit(16 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| Refusal::Unreachable(network_reason(&e), 1))?;
        let body: Value = serde_json::from_str(&text)
            .map_err(|e| Refusal::Rejected(status, format!("not JSON: {e}")))?;
        // xAPI answers with the statement; some LRSs (Ralph) with {"statements": [...]}.
        let found = match body.get("statements") {
            Some(Value::Array(list)) => list
                .iter()
                .find(|s| s.get("id").and_then(Value::as_str) == Some(&statement.id.to_string()))
                .cloned(),
            _ => Some(body),
        };
        let same = |a: &Value, b: &Value| {
            [
                "/actor/account/name",
                "/verb/id",
                "/object/id",
                "/result/response",
            ]
            .iter()
            .all(|p| a.pointer(p) == b.pointer(p))
        };
        Ok(found.is_some_and(|f| same(&f, &statement.body)))
    }
}

/// Whether a 200 answer is what an LRS says after storing `statements`: the JSON list of
/// their ids.
fn stored_ids(response: &mut ureq::http::Response<ureq::Body>, statements: &[&Statement]) -> bool {
    let Ok(text) = response
        .body_mut()
        .with_config()
        .limit(16 * 1024 * 1024)
        .read_to_string()
    else {
        return false;
    };
    let Ok(Value::Array(ids)) = serde_json::from_str::<Value>(&text) else {
        return false;
    };
    ids.len() == statements.len()
        && ids.iter().zip(statements).all(|(id, s)| {
            id.as_str()
                .is_some_and(|id| id.eq_ignore_ascii_case(&s.id.to_string()))
        })
}

/// Why a request was refused, before it is said with the LRS's address.
enum Refusal {
    Credentials(u16, String),
    /// It answered 200 without the statements' ids: not an LRS's statements resource.
    NotAnLrs,
    Redirect(u16, String),
    Conflict(String),
    Rejected(u16, String),
    Unreachable(String, u32),
}

impl Refusal {
    fn said(self, url: &str) -> SyncError {
        let url = url.to_string();
        match self {
            Refusal::Credentials(status, reason) => SyncError::Credentials {
                url,
                status,
                reason,
            },
            Refusal::Conflict(reason) => SyncError::Rejected {
                url,
                status: 409,
                reason: format!(
                    "{reason} (it holds a different statement with one of this store's ids)"
                ),
            },
            Refusal::Rejected(404, reason) => SyncError::Rejected {
                url,
                status: 404,
                reason: format!(
                    "{reason} (is this the LRS's xAPI endpoint? `statements` must be right under it)"
                ),
            },
            Refusal::Rejected(status, reason) => SyncError::Rejected {
                url,
                status,
                reason,
            },
            Refusal::NotAnLrs => SyncError::Usage(format!(
                "the server at {url} answered, but not as an LRS does (no statement ids came back), so nothing was marked as sent: check that the address is the LRS's xAPI endpoint"
            )),
            Refusal::Redirect(status, to) => SyncError::Usage(format!(
                "the LRS address {url} redirects (HTTP {status}) to {to}: give that address as --lrs; nothing was sent"
            )),
            Refusal::Unreachable(reason, tries) => SyncError::Unreachable { url, reason, tries },
        }
    }
}

/// The LRS's reason for a refusal: its JSON `detail`, `message` or `error`, else its text.
fn reason(response: &mut ureq::http::Response<ureq::Body>) -> String {
    let text = response
        .body_mut()
        .with_config()
        .limit(64 * 1024)
        .read_to_string()
        .unwrap_or_default();
    let from_json = serde_json::from_str::<Value>(&text).ok().and_then(|v| {
        ["detail", "message", "error"].iter().find_map(|k| {
            v.get(*k).map(|d| match d {
                Value::String(s) => s.clone(),
                Value::Array(list) => validation_reason(list).unwrap_or_else(|| d.to_string()),
                other => other.to_string(),
            })
        })
    });
    let reason = from_json.unwrap_or(text);
    let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    if reason.is_empty() {
        return "no reason given".into();
    }
    if reason.chars().count() > 300 {
        format!("{}…", reason.chars().take(300).collect::<String>())
    } else {
        reason
    }
}

/// A validation error list (FastAPI/pydantic, as Ralph answers 422) as its one telling line:
/// the deepest error that is not one branch of a union failing ("field: message").
fn validation_reason(list: &[Value]) -> Option<String> {
    let telling = |e: &&Value| {
        !matches!(
            e.get("type").and_then(Value::as_str),
            Some("missing" | "extra_forbidden" | "literal_error")
        )
    };
    let depth = |e: &&Value| e.get("loc").and_then(Value::as_array).map_or(0, Vec::len);
    let pick = list
        .iter()
        .filter(telling)
        .max_by_key(depth)
        .or_else(|| list.first())?;
    let loc: Vec<String> = pick
        .get("loc")?
        .as_array()?
        .iter()
        .filter_map(|p| match p {
            // Not "body", not the statement's index, not a union branch's type name.
            Value::String(s) if s != "body" && !s.starts_with(char::is_uppercase) => {
                Some(s.clone())
            }
            _ => None,
        })
        .collect();
    let msg = pick.get("msg")?.as_str()?;
    Some(if loc.is_empty() {
        msg.to_string()
    } else {
        format!("{}: {msg}", loc.join("."))
    })
}

/// A network or TLS error in words a supervisor can act on.
fn network_reason(e: &ureq::Error) -> String {
    let text = e.to_string();
    if text.contains("certificate")
        || text.contains("UnknownIssuer")
        || text.contains("tls")
        || text.contains("rustls")
    {
        format!(
            "{text} (is the LRS's certificate from a library's own authority? give it with --lrs-ca FILE)"
        )
    } else {
        text
    }
}

/// The endpoint as given, checked: http or https, a host, one `/` at the end.
fn endpoint(url: &str) -> Result<String, SyncError> {
    let url = url.trim();
    let bad = |why: &str| {
        SyncError::Usage(format!(
            "--lrs `{url}` {why}: give the LRS's xAPI endpoint, for example http://127.0.0.1:8100/xAPI/"
        ))
    };
    let uri: ureq::http::Uri = url.parse().map_err(|_| bad("is not a web address"))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        _ => return Err(bad("is not an http:// or https:// address")),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(bad("has no host"));
    }
    if uri.query().is_some() {
        return Err(bad("has a query (?…)"));
    }
    if uri.authority().is_some_and(|a| a.as_str().contains('@')) {
        return Err(SyncError::Usage(
            "--lrs has a user or password in the address: give the user with --lrs-user and the password in REPLYDESK_LRS_PASSWORD (or at the prompt), so neither is printed or stored".into(),
        ));
    }
    let mut endpoint = url.trim_end_matches('/').to_string();
    // `…/statements` given: the endpoint is the folder above it.
    if let Some(stripped) = endpoint.strip_suffix("/statements") {
        endpoint = stripped.to_string();
    }
    endpoint.push('/');
    Ok(endpoint)
}

/// What waits for an LRS: statements go to `each`, a session at a time.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Waiting {
    /// Statements accepted on earlier runs.
    pub accepted_before: usize,
    /// Sessions held back because their scenario is not in the folder (session id, scenario
    /// id): their statements would lack the library's address, the options and the scores.
    pub held_back: Vec<(i64, String)>,
}

/// The statements of every session in the store that `endpoint` has not accepted, a session at
/// a time, to `each` (which may stop early with an error). Sessions of scenarios the catalog
/// does not have are held back, never sent in a lesser form.
pub fn pending(
    store: &Store,
    catalog: &Catalog,
    endpoint: &str,
    mut each: impl FnMut(Statement) -> Result<(), SyncError>,
) -> Result<Waiting, SyncError> {
    let accepted = store.accepted(endpoint)?;
    let context = Context::read(store)?;
    let mut waiting = Waiting::default();
    for row in store.roster()? {
        let statements = session_statements(store, catalog, &row, &context)?;
        let (before, new): (Vec<_>, Vec<_>) = statements
            .into_iter()
            .partition(|s| accepted.contains(&s.id.to_string()));
        waiting.accepted_before += before.len();
        if new.is_empty() {
            continue;
        }
        if catalog.find(&row.session.scenario_id).is_none() {
            waiting
                .held_back
                .push((row.session.id, row.session.scenario_id.clone()));
            continue;
        }
        for statement in new {
            each(statement)?;
        }
    }
    Ok(waiting)
}

/// The endpoint key of a URL, for counting what waits without an `Lrs` (no password).
pub fn endpoint_key(url: &str) -> Result<String, SyncError> {
    endpoint(url)
}

/// Sends everything `lrs` has not accepted. Each batch the LRS accepts is entered in the
/// outbox at once, so an interrupted sync loses nothing and repeats nothing.
pub fn sync(
    store: &mut Store,
    catalog: &Catalog,
    lrs: &Lrs,
    opts: &Options,
    mut progress: impl FnMut(&Summary),
) -> Result<Summary, SyncError> {
    let mut waiting = Vec::new();
    let found = pending(store, catalog, lrs.endpoint(), |s| {
        waiting.push(s);
        Ok(())
    })?;
    let mut summary = Summary {
        accepted_before: found.accepted_before,
        held_back: found.held_back,
        ..Summary::default()
    };
    if waiting.is_empty() {
        lrs.check().map_err(|r| r.said(lrs.endpoint()))?;
    }
    let mut sessions = std::collections::HashSet::new();
    let mut refused: Vec<(Statement, u16, String)> = Vec::new();
    for batch in waiting.chunks(opts.batch.max(1)) {
        let refs: Vec<&Statement> = batch.iter().collect();
        match lrs.post(&refs, opts) {
            Ok(()) => {
                store.mark_accepted(lrs.endpoint(), &ids(batch))?;
                summary.sent += batch.len();
            }
            // One of them is there already (an earlier answer was lost on the way back), or
            // one of them is refused as invalid: the LRS refused the whole batch, so send them
            // one at a time, and let no one statement hold up the others.
            Err(Refusal::Conflict(_) | Refusal::Rejected(400 | 422, _)) => {
                for statement in batch {
                    match lrs.post(&[statement], opts) {
                        Ok(()) => summary.sent += 1,
                        Err(Refusal::Conflict(reason)) => {
                            if lrs.holds(statement).map_err(|r| r.said(lrs.endpoint()))? {
                                summary.already_there += 1;
                            } else {
                                return Err(Refusal::Conflict(reason).said(lrs.endpoint()));
                            }
                        }
                        Err(Refusal::Rejected(status @ (400 | 422), reason)) => {
                            refused.push((statement.clone(), status, reason));
                            continue;
                        }
                        Err(other) => return Err(other.said(lrs.endpoint())),
                    }
                    store.mark_accepted(lrs.endpoint(), &ids(std::slice::from_ref(statement)))?;
                }
            }
            Err(other) => return Err(other.said(lrs.endpoint())),
        }
        sessions.extend(batch.iter().map(|s| s.session_id));
        summary.sessions = sessions.len();
        progress(&summary);
    }
    if let Some((first, status, reason)) = refused.first() {
        return Err(SyncError::Refused {
            url: lrs.endpoint().to_string(),
            count: refused.len(),
            status: *status,
            first: describe(first),
            reason: reason.clone(),
            sent: summary.sent + summary.already_there,
        });
    }
    Ok(summary)
}

/// A statement as a supervisor finds it: its session, trainee and what it is about.
fn describe(statement: &Statement) -> String {
    let body = &statement.body;
    let who = body
        .pointer("/actor/account/name")
        .and_then(Value::as_str)
        .unwrap_or("?");
    let verb = body
        .pointer("/verb/display/en-US")
        .and_then(Value::as_str)
        .unwrap_or("statement");
    let object = body
        .pointer("/object/id")
        .and_then(Value::as_str)
        .and_then(|o| o.rsplit('/').next())
        .unwrap_or("?");
    format!(
        "session {} ({who:?}, {verb} {object})",
        statement.session_id
    )
}

fn ids(batch: &[Statement]) -> Vec<(String, i64)> {
    batch
        .iter()
        .map(|s| (s.id.to_string(), s.session_id))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endpoint_is_an_http_address_with_one_slash_at_the_end() {
        assert_eq!(
            endpoint("http://127.0.0.1:8100/xAPI").unwrap(),
            "http://127.0.0.1:8100/xAPI/"
        );
        assert_eq!(
            endpoint("https://lrs.example/xAPI//").unwrap(),
            "https://lrs.example/xAPI/"
        );
        assert_eq!(
            endpoint("https://lrs.example/xAPI/statements").unwrap(),
            "https://lrs.example/xAPI/"
        );
        for bad in [
            "lrs.example/xAPI",
            "ftp://lrs.example/",
            "https:///x",
            "",
            "https://lrs.example/x?a=1",
        ] {
            let e = endpoint(bad).unwrap_err().to_string();
            assert!(
                e.contains("for example http://127.0.0.1:8100/xAPI/"),
                "{bad}: {e}"
            );
        }
    }

    /// A server that answers each request with the next status in `statuses` and, for 200, the
    /// nil statement id (what an LRS says after storing [`statement`]), counting them.
    fn server(statuses: Vec<u16>) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        server_saying(statuses, r#"["00000000-0000-0000-0000-000000000000"]"#)
    }

    fn server_saying(
        statuses: Vec<u16>,
        body: &'static str,
    ) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/xAPI/", listener.local_addr().unwrap());
        let seen = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = seen.clone();
        std::thread::spawn(move || {
            for status in statuses {
                let Ok((stream, _)) = listener.accept() else {
                    return;
                };
                let mut reader = BufReader::new(stream);
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                }
                let mut request = vec![0; length];
                let _ = reader.read_exact(&mut request);
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let reply = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nLocation: /elsewhere/\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = reader.get_mut().write_all(reply.as_bytes());
            }
        });
        (url, seen)
    }

    fn quick() -> Options {
        Options {
            batch: 50,
            retries: 3,
            first_wait: Duration::from_millis(5),
        }
    }

    fn statement() -> Statement {
        Statement {
            id: uuid::Uuid::nil(),
            session_id: 1,
            body: serde_json::json!({"id": uuid::Uuid::nil().to_string()}),
        }
    }

    #[test]
    fn server_errors_are_tried_again_until_the_lrs_accepts() {
        let (url, seen) = server(vec![503, 502, 200]);
        let lrs = Lrs::new(&url, "u", "p", None).unwrap();
        assert!(lrs.post(&[&statement()], &quick()).is_ok());
        assert_eq!(seen.load(std::sync::atomic::Ordering::SeqCst), 3);
    }

    #[test]
    fn a_server_that_keeps_failing_is_given_up_after_the_retries() {
        let (url, seen) = server(vec![500; 10]);
        let lrs = Lrs::new(&url, "u", "p", None).unwrap();
        match lrs.post(&[&statement()], &quick()) {
            Err(Refusal::Unreachable(reason, tries)) => {
                assert_eq!(tries, 4);
                assert!(reason.contains("HTTP 500"), "{reason}");
            }
            _ => panic!("expected to give up"),
        }
        assert_eq!(seen.load(std::sync::atomic::Ordering::SeqCst), 4);
    }

    #[test]
    fn a_validation_error_says_the_field_and_the_message() {
        let detail: Vec<Value> = serde_json::from_str(
            r#"[{"type":"missing","loc":["body",0,"actor","BaseXapiAgentWithMbox","mbox"],"msg":"Field required"},
                {"type":"string_too_short","loc":["body",0,"actor","BaseXapiAgentWithAccount","account","name"],"msg":"String should have at least 1 character"}]"#,
        )
        .unwrap();
        assert_eq!(
            validation_reason(&detail).unwrap(),
            "actor.account.name: String should have at least 1 character"
        );
    }

    #[test]
    fn a_200_without_the_statement_ids_is_not_taken_for_stored_and_redirects_are_not_followed() {
        let (url, _) = server_saying(vec![200], "<html>Welcome to the library</html>");
        let lrs = Lrs::new(&url, "u", "p", None).unwrap();
        assert!(matches!(
            lrs.post(&[&statement()], &quick()),
            Err(Refusal::NotAnLrs)
        ));
        let (url, seen) = server(vec![302, 200]);
        let lrs = Lrs::new(&url, "u", "p", None).unwrap();
        match lrs.post(&[&statement()], &quick()) {
            Err(Refusal::Redirect(302, to)) => assert_eq!(to, "/elsewhere/"),
            _ => panic!("a redirect is refused"),
        }
        assert_eq!(
            seen.load(std::sync::atomic::Ordering::SeqCst),
            1,
            "not followed"
        );
    }

    #[test]
    fn a_password_in_the_address_is_refused() {
        let e = endpoint("https://desk:secret@lrs.example/xAPI/")
            .unwrap_err()
            .to_string();
        assert!(e.contains("--lrs-user"), "{e}");
        assert!(!e.contains("secret"), "{e}");
    }

    #[test]
    fn a_client_error_is_not_tried_again() {
        let (url, seen) = server(vec![400, 200]);
        let lrs = Lrs::new(&url, "u", "p", None).unwrap();
        assert!(matches!(
            lrs.post(&[&statement()], &quick()),
            Err(Refusal::Rejected(400, _))
        ));
        assert_eq!(seen.load(std::sync::atomic::Ordering::SeqCst), 1);
    }
}
