//! A bounded load generator for `newstrace serve`: N keep-alive connections on std threads,
//! each sending GET requests back to back for M seconds over raw HTTP/1.1, then requests/s
//! and latency percentiles. A benchmark, not a test.
//!
//! ```text
//! cargo run --release -p newstrace-server --example load -- \
//!     --addr 127.0.0.1:8080 --connections 8 --seconds 20 \
//!     --path '/api/stories/{n}' --n-max 30000
//! ```
//!
//! `{n}` in a path becomes a pseudo-random number in 1..=`--n-max` per request, or a random
//! line of `--n-file` (a different story each time, so the store's page cache, not one hot
//! row, is measured). Several `--path` options are used round-robin.
//!
//! Hand-written rather than a load tool: the machine has no network for installing one,
//! and keep-alive GETs with a Content-Length body are all the protocol needed here.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

struct Options {
    addr: String,
    connections: usize,
    seconds: u64,
    paths: Vec<String>,
    n_max: u64,
    /// Values for `{n}` (one per line) instead of 1..=n_max.
    n_values: Vec<String>,
    json: bool,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        addr: "127.0.0.1:8080".into(),
        connections: 8,
        seconds: 10,
        paths: Vec::new(),
        n_max: 1000,
        n_values: Vec::new(),
        json: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--addr" => o.addr = value()?,
            "--connections" => o.connections = value()?.parse().map_err(|e| format!("{e}"))?,
            "--seconds" => o.seconds = value()?.parse().map_err(|e| format!("{e}"))?,
            "--path" => o.paths.push(value()?),
            "--n-max" => o.n_max = value()?.parse().map_err(|e| format!("{e}"))?,
            "--n-file" => {
                let path = value()?;
                let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
                o.n_values = text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect();
            }
            "--json" => o.json = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if o.paths.is_empty() {
        o.paths.push("/api/health".into());
    }
    o.connections = o.connections.clamp(1, 1024);
    o.seconds = o.seconds.clamp(1, 600);
    o.n_max = o.n_max.max(1);
    Ok(o)
}

/// What one connection measured.
#[derive(Default)]
struct Tally {
    latencies_us: Vec<u32>,
    errors: u64,
    non_2xx: u64,
    bytes: u64,
}

fn main() {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("load: {e}");
            std::process::exit(2);
        }
    };
    let deadline = Instant::now() + Duration::from_secs(o.seconds);
    let started = Instant::now();
    let threads: Vec<_> = (0..o.connections)
        .map(|i| {
            let addr = o.addr.clone();
            let paths = o.paths.clone();
            let values: Vec<String> = if o.n_values.is_empty() {
                (1..=o.n_max).map(|n| n.to_string()).collect()
            } else {
                o.n_values.clone()
            };
            std::thread::spawn(move || connection(&addr, &paths, &values, i as u64, deadline))
        })
        .collect();
    let mut all = Tally::default();
    for t in threads {
        if let Ok(t) = t.join() {
            all.latencies_us.extend(t.latencies_us);
            all.errors += t.errors;
            all.non_2xx += t.non_2xx;
            all.bytes += t.bytes;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.latencies_us.sort_unstable();
    let pct = |p: f64| -> f64 {
        if all.latencies_us.is_empty() {
            return 0.0;
        }
        let i = ((all.latencies_us.len() as f64 - 1.0) * p).round() as usize;
        f64::from(all.latencies_us[i]) / 1000.0
    };
    let n = all.latencies_us.len();
    let rps = n as f64 / elapsed;
    if o.json {
        println!(
            "{{\"requests\":{n},\"seconds\":{elapsed:.2},\"rps\":{rps:.0},\"p50_ms\":{:.2},\"p90_ms\":{:.2},\"p99_ms\":{:.2},\"max_ms\":{:.2},\"non_2xx\":{},\"errors\":{},\"mean_body_bytes\":{}}}",
            pct(0.5),
            pct(0.9),
            pct(0.99),
            pct(1.0),
            all.non_2xx,
            all.errors,
            all.bytes / (n as u64).max(1)
        );
    } else {
        println!(
            "{n} requests in {elapsed:.1} s over {} connections: {rps:.0} req/s; \
             p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms; \
             {} non-2xx, {} connection errors; mean body {} bytes",
            o.connections,
            pct(0.5),
            pct(0.9),
            pct(0.99),
            pct(1.0),
            all.non_2xx,
            all.errors,
            all.bytes / (n as u64).max(1)
        );
    }
}

/// One keep-alive connection sending requests until the deadline (reconnecting on error).
fn connection(
    addr: &str,
    paths: &[String],
    values: &[String],
    seed: u64,
    deadline: Instant,
) -> Tally {
    let mut tally = Tally::default();
    let mut rng = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut turn = seed as usize;
    let mut conn: Option<BufReader<TcpStream>> = None;
    while Instant::now() < deadline {
        let stream = match conn.take() {
            Some(c) => c,
            None => match TcpStream::connect(addr) {
                Ok(s) => {
                    let _ = s.set_nodelay(true);
                    let _ = s.set_read_timeout(Some(Duration::from_secs(30)));
                    BufReader::new(s)
                }
                Err(_) => {
                    tally.errors += 1;
                    std::thread::sleep(Duration::from_millis(50));
                    continue;
                }
            },
        };
        // xorshift64: enough spread to pick story ids, no dependency.
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let n = &values[(rng % values.len() as u64) as usize];
        let path = paths[turn % paths.len()].replace("{n}", n);
        turn += 1;
        let t0 = Instant::now();
        match round_trip(stream, addr, &path) {
            Ok((stream, status, len)) => {
                tally
                    .latencies_us
                    .push(t0.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
                tally.bytes += len;
                if !(200..300).contains(&status) {
                    tally.non_2xx += 1;
                }
                conn = Some(stream);
            }
            Err(_) => tally.errors += 1,
        }
    }
    tally
}

/// Sends one GET and reads the whole response; returns the connection for reuse.
fn round_trip(
    mut stream: BufReader<TcpStream>,
    addr: &str,
    path: &str,
) -> std::io::Result<(BufReader<TcpStream>, u16, u64)> {
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: application/json\r\n\r\n");
    stream.get_mut().write_all(request.as_bytes())?;
    let mut line = String::new();
    stream.read_line(&mut line)?;
    let status: u16 = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let mut length: Option<u64> = None;
    loop {
        line.clear();
        if stream.read_line(&mut line)? == 0 {
            return Err(std::io::Error::other("closed in headers"));
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().ok();
        }
    }
    let length = length.ok_or_else(|| std::io::Error::other("no content-length"))?;
    std::io::copy(&mut (&mut stream).take(length), &mut std::io::sink())?;
    Ok((stream, status, length))
}
