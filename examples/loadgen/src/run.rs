//! One load run: start or find the server, connect and hand-shake N clients, sign them in,
//! let them message for the configured time, drain, then measure the codec-only rate and build
//! the [`Report`].

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mtproto_crypto::rsa::RsaPublicKey;
use thiserror::Error;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

use crate::codec::{self, CodecError};
use crate::config::Config;
use crate::link::{Link, LinkError, Target};
use crate::login::{LoggedIn, login};
use crate::memory;
use crate::peer::{self, Phase, Plan};
use crate::report::Report;
use crate::spawn::SpawnedServer;
use crate::stats::{Live, Tally, quantile};

/// Test numbers have four free digits.
const NUMBERS: usize = 10_000;
/// How often the run looks at the live counters.
const POLL: Duration = Duration::from_millis(20);

/// Why a run could not be carried out.
#[derive(Debug, Error)]
pub enum RunError {
    /// The options do not make a run.
    #[error("invalid options: {0}")]
    Options(String),
    /// Not enough file descriptors, even after raising the soft limit.
    #[error(
        "{clients} clients need about {need} open files but the limit is {have}: raise it with `ulimit -n {need}`"
    )]
    FdLimit {
        /// Clients asked for.
        clients: usize,
        /// Descriptors needed.
        need: u64,
        /// The soft limit in force.
        have: u64,
    },
    /// Starting the server or reading its key failed.
    #[error("server: {0}")]
    Server(String),
    /// A client could not connect or sign in.
    #[error("client {index}: {source}")]
    Client {
        /// The client.
        index: usize,
        /// Why.
        source: LinkError,
    },
    /// The codec-only loop failed.
    #[error(transparent)]
    Codec(#[from] CodecError),
}

/// The server the run talks to.
struct ServerHandle {
    addr: SocketAddr,
    public_key: PathBuf,
    pid: Option<u32>,
    /// Kept alive for the run when loadgen started it.
    _spawned: Option<SpawnedServer>,
}

/// Carries out a run.
pub async fn run(config: &Config) -> Result<Report, RunError> {
    check(config)?;
    let server = server(config)?;
    let pem = std::fs::read_to_string(&server.public_key)
        .map_err(|e| RunError::Server(format!("{}: {e}", server.public_key.display())))?;
    let key = RsaPublicKey::from_pkcs1_pem(&pem).map_err(|e| RunError::Server(e.to_string()))?;
    let target = Arc::new(Target {
        addr: server.addr,
        kind: config.transport.kind(),
        rsa_keys: vec![key],
        dc: i32::from(config.dc),
        timeout: Duration::from_secs(config.request_timeout),
    });
    let rss = || server.pid.and_then(|pid| memory::rss_bytes(pid).ok());
    let rss_before = rss();

    let started = Instant::now();
    let links = connect_all(config, &target).await?;
    let handshake_phase = started.elapsed();

    let started = Instant::now();
    let clients = login_all(config, links).await?;
    let login_phase = started.elapsed();
    let rss_connected = rss();

    let (tally, send_phase, send_started_ns) = message(config, clients).await;
    let rss_after = rss();

    let codec = match config.codec_messages {
        0 => None,
        n => {
            let kind = config.transport.kind();
            let rate = tokio::task::spawn_blocking(move || codec::measure(kind, n))
                .await
                .expect("the codec-only loop does not panic")?;
            Some(rate)
        }
    };

    let mut latencies = tally.latencies_us;
    latencies.sort_unstable();
    Ok(Report {
        clients: config.clients,
        transport: format!("{:?}", config.transport).to_lowercase(),
        topology: format!("{:?}", config.topology).to_lowercase(),
        handshake_phase,
        login_phase,
        send_phase,
        delivery_window: Duration::from_nanos(
            tally.last_delivery_ns.saturating_sub(send_started_ns),
        ),
        acked: tally.acked,
        send_errors: tally.send_errors,
        delivered: tally.delivered,
        duplicates: tally.duplicates,
        lost: tally.acked.saturating_sub(tally.delivered),
        too_long: tally.too_long,
        differences: tally.differences,
        failed_clients: tally.failed,
        first_failure: tally.failure,
        latency_p50: quantile(&latencies, 0.50),
        latency_p99: quantile(&latencies, 0.99),
        latency_max: latencies.last().map(|&us| Duration::from_micros(us)),
        rss_before,
        rss_connected,
        rss_after,
        codec,
    })
}

fn check(config: &Config) -> Result<(), RunError> {
    let bad = |m: &str| Err(RunError::Options(m.into()));
    if config.clients < 2 {
        return bad("at least 2 clients are needed to exchange messages");
    }
    if config.first_number as usize + config.clients > NUMBERS {
        return bad("test numbers 99966XYYYY have only 10,000 values of YYYY");
    }
    if config.dc > 9 {
        return bad("the DC id must be one digit");
    }
    if config.in_flight == 0 {
        return bad("--in-flight must be at least 1");
    }
    if config.spawn_server.is_none() && config.server.is_none() {
        return bad("give --spawn-server PATH or --server ADDR --public-key PEM");
    }
    let have = crate::fds::ensure_for(config.clients).unwrap_or(0);
    let need = crate::fds::needed(config.clients);
    if have < need {
        return Err(RunError::FdLimit {
            clients: config.clients,
            need,
            have,
        });
    }
    Ok(())
}

fn server(config: &Config) -> Result<ServerHandle, RunError> {
    if let Some(binary) = &config.spawn_server {
        let spawned =
            SpawnedServer::start(binary, config.dc).map_err(|e| RunError::Server(e.to_string()))?;
        return Ok(ServerHandle {
            addr: spawned.addr,
            public_key: spawned.public_key(),
            pid: Some(spawned.pid()),
            _spawned: Some(spawned),
        });
    }
    let (Some(addr), Some(public_key)) = (config.server, config.public_key.clone()) else {
        return Err(RunError::Options("--server needs --public-key".into()));
    };
    Ok(ServerHandle {
        addr,
        public_key,
        pid: config.server_pid,
        _spawned: None,
    })
}

/// Connects every client and creates its auth key, `--connect-concurrency` at a time.
async fn connect_all(config: &Config, target: &Arc<Target>) -> Result<Vec<Link>, RunError> {
    let gate = Arc::new(Semaphore::new(config.connect_concurrency.max(1)));
    let mut tasks = JoinSet::new();
    for index in 0..config.clients {
        let (gate, target) = (gate.clone(), target.clone());
        tasks.spawn(async move {
            let _permit = gate
                .acquire_owned()
                .await
                .expect("the semaphore stays open");
            (index, Link::connect(&target).await)
        });
    }
    collect(tasks, config.clients).await
}

/// Signs every client in with its own test number.
async fn login_all(config: &Config, links: Vec<Link>) -> Result<Vec<LoggedIn>, RunError> {
    let gate = Arc::new(Semaphore::new(config.connect_concurrency.max(1)));
    let code = config.code();
    let mut tasks = JoinSet::new();
    for (index, link) in links.into_iter().enumerate() {
        let (gate, phone, code) = (gate.clone(), config.phone(index), code.clone());
        tasks.spawn(async move {
            let _permit = gate
                .acquire_owned()
                .await
                .expect("the semaphore stays open");
            (index, login(link, &phone, &code).await)
        });
    }
    collect(tasks, config.clients).await
}

/// The results of `n` indexed tasks in index order, or the first failure.
async fn collect<T: 'static>(
    mut tasks: JoinSet<(usize, Result<T, LinkError>)>,
    n: usize,
) -> Result<Vec<T>, RunError> {
    let mut out: Vec<Option<T>> = (0..n).map(|_| None).collect();
    while let Some(joined) = tasks.join_next().await {
        let (index, result) = joined.expect("client tasks do not panic");
        out[index] = Some(result.map_err(|source| RunError::Client { index, source })?);
    }
    Ok(out
        .into_iter()
        .map(|t| t.expect("every task reported"))
        .collect())
}

/// The messaging phase: returns the merged tally, the sending phase's length and when it began
/// (ns since the epoch).
async fn message(config: &Config, clients: Vec<LoggedIn>) -> (Tally, Duration, u64) {
    let n = clients.len();
    let accounts: Vec<_> = clients.iter().map(|c| c.account).collect();
    let live = Arc::new(Live::default());
    let (phase_tx, phase_rx) = watch::channel(Phase::Sync);
    let mut tasks = JoinSet::new();
    for (index, client) in clients.into_iter().enumerate() {
        let plan = Plan {
            index,
            target: accounts[config.topology.target(index, n)],
            in_flight: config.in_flight,
            messages: (config.messages > 0).then_some(config.messages),
            interval: Duration::from_millis(config.interval_ms),
        };
        tasks.spawn(peer::run(client, plan, live.clone(), phase_rx.clone()));
    }
    // Syncing: every engine's first difference answered (or the request timeout).
    let all = n as u64;
    let sync_until = Instant::now() + Duration::from_secs(config.request_timeout);
    while Instant::now() < sync_until && Live::get(&live.synced) + Live::get(&live.failed) < all {
        tokio::time::sleep(POLL).await;
    }
    let _ = phase_tx.send(Phase::Send);
    let started_ns = crate::clock::nanos();
    let started = Instant::now();
    // Sending: until the duration is over or every client sent its --messages.
    while started.elapsed() < config.duration()
        && Live::get(&live.done_sending) + Live::get(&live.failed) < all
    {
        tokio::time::sleep(POLL).await;
    }
    let _ = phase_tx.send(Phase::Drain);
    let send_phase = started.elapsed();
    // Draining: until every acknowledged message arrived (or the drain timeout).
    let drain_until = Instant::now() + Duration::from_secs(config.drain_timeout);
    while Instant::now() < drain_until
        && (Live::get(&live.in_flight) > 0 || Live::get(&live.delivered) < Live::get(&live.acked))
    {
        tokio::time::sleep(POLL).await;
    }
    let _ = phase_tx.send(Phase::Stop);
    let mut tally = Tally::default();
    while let Some(joined) = tasks.join_next().await {
        tally.merge(joined.expect("client tasks do not panic"));
    }
    (tally, send_phase, started_ns)
}
