//! The figures of one run and their table (what each means: `docs/loadgen.md`).

use std::fmt;
use std::time::Duration;

use crate::codec::CodecRate;

/// Everything one run measured.
#[derive(Debug, Clone)]
pub struct Report {
    /// Concurrent clients.
    pub clients: usize,
    /// The transport they spoke.
    pub transport: String,
    /// Who wrote to whom.
    pub topology: String,
    /// Wall time of the connect phase (N TCP connections + N auth-key handshakes, concurrently).
    pub handshake_phase: Duration,
    /// Wall time of the sign-in phase (sendCode + signIn + getState per client).
    pub login_phase: Duration,
    /// Wall time of the sending phase.
    pub send_phase: Duration,
    /// From the first send to the last delivery.
    pub delivery_window: Duration,
    /// Sends the server acknowledged.
    pub acked: u64,
    /// Sends the server refused.
    pub send_errors: u64,
    /// Distinct load messages their recipients received live (or through a difference).
    pub delivered: u64,
    /// Load messages received more than once.
    pub duplicates: u64,
    /// Acknowledged messages never received (`acked − delivered`).
    pub lost: u64,
    /// `updates.differenceTooLong` answers (the engines gave those updates up).
    pub too_long: u64,
    /// `updates.getDifference` requests the engines made.
    pub differences: u64,
    /// Clients whose connection failed during messaging.
    pub failed_clients: u64,
    /// The first such failure.
    pub first_failure: Option<String>,
    /// Delivery latency, median.
    pub latency_p50: Option<Duration>,
    /// Delivery latency, 99th percentile.
    pub latency_p99: Option<Duration>,
    /// Delivery latency, maximum.
    pub latency_max: Option<Duration>,
    /// Server RSS before the clients connected (bytes), when its pid is known.
    pub rss_before: Option<u64>,
    /// Server RSS with every client connected and signed in.
    pub rss_connected: Option<u64>,
    /// Server RSS after the messaging phase.
    pub rss_after: Option<u64>,
    /// The codec-only measurement, unless skipped.
    pub codec: Option<CodecRate>,
}

impl Report {
    /// Messages delivered per second over the delivery window.
    pub fn delivered_per_second(&self) -> f64 {
        self.delivered as f64 / self.delivery_window.as_secs_f64().max(1e-9)
    }

    /// Handshakes per second over the connect phase.
    pub fn handshakes_per_second(&self) -> f64 {
        self.clients as f64 / self.handshake_phase.as_secs_f64().max(1e-9)
    }

    /// Server memory per connection: (RSS connected − RSS before) / clients, in bytes.
    pub fn memory_per_connection(&self) -> Option<i64> {
        let (before, after) = (self.rss_before?, self.rss_connected?);
        Some((after as i64 - before as i64) / self.clients.max(1) as i64)
    }

    /// How many times faster the codec alone is than the end-to-end delivery rate.
    pub fn codec_ratio(&self) -> Option<f64> {
        let e2e = self.delivered_per_second();
        self.codec
            .filter(|_| e2e > 0.0)
            .map(|c| c.per_second() / e2e)
    }
}

fn ms(d: Option<Duration>) -> String {
    d.map_or("n/a".into(), |d| format!("{:.2} ms", d.as_secs_f64() * 1e3))
}

fn mib(b: Option<u64>) -> String {
    b.map_or("n/a".into(), |b| {
        format!("{:.1} MiB", b as f64 / (1 << 20) as f64)
    })
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let row = |f: &mut fmt::Formatter<'_>, k: &str, v: String| writeln!(f, "| {k} | {v} |");
        writeln!(f, "| figure | value |")?;
        writeln!(f, "| --- | --- |")?;
        row(
            f,
            "clients",
            format!("{} ({}, {})", self.clients, self.transport, self.topology),
        )?;
        row(
            f,
            "handshakes/s",
            format!(
                "{:.1} ({} in {:.2} s)",
                self.handshakes_per_second(),
                self.clients,
                self.handshake_phase.as_secs_f64()
            ),
        )?;
        row(
            f,
            "sign-in phase",
            format!("{:.2} s", self.login_phase.as_secs_f64()),
        )?;
        row(
            f,
            "messages/s delivered (end to end)",
            format!(
                "{:.0} ({} in {:.2} s; sending phase {:.2} s)",
                self.delivered_per_second(),
                self.delivered,
                self.delivery_window.as_secs_f64(),
                self.send_phase.as_secs_f64()
            ),
        )?;
        row(
            f,
            "acknowledged / delivered / lost / duplicates",
            format!(
                "{} / {} / {} / {}",
                self.acked, self.delivered, self.lost, self.duplicates
            ),
        )?;
        row(
            f,
            "send errors / failed clients",
            format!("{} / {}", self.send_errors, self.failed_clients),
        )?;
        row(
            f,
            "difference requests / differenceTooLong answers",
            format!("{} / {}", self.differences, self.too_long),
        )?;
        row(f, "delivery latency p50", ms(self.latency_p50))?;
        row(f, "delivery latency p99", ms(self.latency_p99))?;
        row(f, "delivery latency max", ms(self.latency_max))?;
        row(
            f,
            "server RSS before / connected / after",
            format!(
                "{} / {} / {}",
                mib(self.rss_before),
                mib(self.rss_connected),
                mib(self.rss_after)
            ),
        )?;
        row(
            f,
            "server memory per connection",
            self.memory_per_connection()
                .map_or("n/a".into(), |b| format!("{:.1} KiB", b as f64 / 1024.0)),
        )?;
        row(
            f,
            "codec-only messages/s (one thread)",
            self.codec.map_or("skipped".into(), |c| {
                format!(
                    "{:.0} ({} in {:.2} s)",
                    c.per_second(),
                    c.messages,
                    c.elapsed.as_secs_f64()
                )
            }),
        )?;
        row(
            f,
            "codec-only / end to end",
            self.codec_ratio()
                .map_or("n/a".into(), |r| format!("{r:.1}×")),
        )?;
        if let Some(failure) = &self.first_failure {
            writeln!(f, "\nfirst failure: {failure}")?;
        }
        Ok(())
    }
}
