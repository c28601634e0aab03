//! The floor for the sync benchmark: POSTs a file of xAPI statements (a JSON array, as
//! `report --format xapi` writes) to an LRS in batches, with a bare HTTP client and nothing else.
//! `lrs_floor ENDPOINT USER PASSWORD FILE BATCH`; prints the seconds the POSTs took.

use base64::Engine as _;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [endpoint, user, password, file, batch] = &args[..] else {
        eprintln!("usage: lrs_floor ENDPOINT USER PASSWORD FILE BATCH");
        std::process::exit(2);
    };
    let batch: usize = batch.parse().expect("BATCH is a number");
    let text = std::fs::read_to_string(file).expect("the statements file");
    let statements: Vec<serde_json::Value> = serde_json::from_str(&text).expect("a JSON array");
    let auth = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    );
    let url = format!("{}/statements", endpoint.trim_end_matches('/'));
    let agent = ureq::Agent::new_with_defaults();
    let start = std::time::Instant::now();
    for chunk in statements.chunks(batch) {
        let body = serde_json::Value::Array(chunk.to_vec()).to_string();
        let response = agent
            .post(&url)
            .header("Authorization", &auth)
            .header("X-Experience-API-Version", "1.0.3")
            .header("Content-Type", "application/json")
            .send(body.as_str())
            .expect("the LRS takes the batch");
        assert!(response.status().is_success(), "{}", response.status());
    }
    println!("{:.3}", start.elapsed().as_secs_f64());
}
