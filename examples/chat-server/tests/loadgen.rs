//! examples/loadgen against the built `chat-server` binary: clients built from the workspace's
//! crates (client handshake, client session, gap engine) connect over real loopback sockets,
//! sign in with test numbers and message each other for a few seconds; every acknowledged
//! message must reach its recipient exactly once. No figure is asserted beyond that (timings
//! depend on the machine).

mod common;

use clap::Parser;
use common::Server;
use loadgen::Report;

/// Runs loadgen against `server` with `args` and checks that nothing was lost.
async fn run(server: &Server, args: &[&str]) -> Report {
    let addr = format!("127.0.0.1:{}", server.port);
    let pid = server.pid().to_string();
    let key = server.public_key();
    let mut argv = vec![
        "loadgen",
        "--server",
        &addr,
        "--public-key",
        key.to_str().unwrap(),
        "--server-pid",
        &pid,
        "--duration",
        "3",
        // Paced (at most 50 messages/s per client): this checks delivery, not capacity, and
        // keeps pushes well inside the gap engine's 0.5 s reordering window on a loaded machine.
        "--interval-ms",
        "20",
    ];
    argv.extend_from_slice(args);
    let config = loadgen::Config::parse_from(argv);
    let report = loadgen::run(&config).await.expect("the load run completes");
    println!("{report}");
    assert!(report.delivered > 0, "no message was delivered");
    assert_eq!(report.failed_clients, 0, "{:?}", report.first_failure);
    assert_eq!(report.send_errors, 0);
    assert_eq!(report.lost, 0, "acknowledged messages never arrived");
    assert_eq!(report.duplicates, 0);
    assert_eq!(report.delivered, report.acked);
    assert!(report.latency_p50.is_some());
    assert!(report.memory_per_connection().is_some());
    report
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn loadgen_clients_exchange_messages_without_loss() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    // 20 clients in pairs over the intermediate transport, with the codec-only measurement.
    let report = run(&server, &["-n", "20", "--codec-messages", "500"]).await;
    assert!(report.codec.is_some_and(|c| c.messages == 500));
    // 20 more accounts in a ring over abridged, two messages in flight each.
    run(
        &server,
        &[
            "-n",
            "20",
            "--first-number",
            "20",
            "--transport",
            "abridged",
            "--topology",
            "ring",
            "--in-flight",
            "2",
            "--codec-messages",
            "0",
        ],
    )
    .await;
}
