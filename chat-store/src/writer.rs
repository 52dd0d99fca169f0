//! The single writer with group commit.
//!
//! Every mutating operation is a job sent to one writer thread. The writer takes the first job,
//! then everything else already queued (up to [`MAX_GROUP`]), runs each job as one atomic engine
//! commit, passes the durability barrier once for the whole group, and only then hands each
//! caller its result. While it runs a group it holds the visibility gate exclusively, and readers
//! take the gate shared, so a reader never observes a write (a message id, a pts) that is not yet
//! durable: nothing leaves the process before it is on disk (`docs/storage.md`, "Durability").

use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, sync_channel};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;

use crate::engine::Engine;
use crate::error::StoreError;

/// Most jobs committed under one barrier.
pub const MAX_GROUP: usize = 1024;
/// Queue capacity (callers block when it is full: back-pressure).
const QUEUE: usize = 4096;

/// Delivers a job's result once the barrier has passed.
type Reply = Box<dyn FnOnce(Result<(), &'static str>) + Send>;
/// A job: runs on the writer thread, returns how to reply.
type Job<E> = Box<dyn FnOnce(&E) -> Reply + Send>;

/// The handle through which operations reach the writer thread.
pub(crate) struct Writer<E: Engine> {
    tx: Option<SyncSender<Job<E>>>,
    thread: Option<JoinHandle<()>>,
}

impl<E: Engine> Writer<E> {
    /// Starts the writer thread over `engine`.
    pub(crate) fn start(engine: Arc<E>, gate: Arc<RwLock<()>>) -> std::io::Result<Self> {
        let (tx, rx) = sync_channel::<Job<E>>(QUEUE);
        let thread = std::thread::Builder::new()
            .name("chat-store-writer".into())
            .spawn(move || run(&*engine, &gate, &rx))?;
        Ok(Writer {
            tx: Some(tx),
            thread: Some(thread),
        })
    }

    /// Runs `op` on the writer thread and returns its result once it is durable.
    pub(crate) fn submit<T: Send + 'static>(
        &self,
        op: impl FnOnce(&E) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (done_tx, done_rx) = sync_channel::<Result<T, StoreError>>(1);
        let job: Job<E> = Box::new(move |engine: &E| {
            let result = op(engine);
            Box::new(move |barrier: Result<(), &'static str>| {
                let result = match barrier {
                    Ok(()) => result,
                    Err(why) => result.and(Err(StoreError::Stopped(why))),
                };
                let _ = done_tx.send(result);
            })
        });
        let tx = self
            .tx
            .as_ref()
            .ok_or(StoreError::Stopped("store closed"))?;
        tx.send(job)
            .map_err(|_| StoreError::Stopped("writer thread exited"))?;
        done_rx
            .recv()
            .map_err(|_| StoreError::Stopped("writer thread exited"))?
    }
}

impl<E: Engine> Drop for Writer<E> {
    fn drop(&mut self) {
        // Closing the queue ends the writer loop after the jobs already queued.
        self.tx.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn run<E: Engine>(engine: &E, gate: &RwLock<()>, rx: &Receiver<Job<E>>) {
    let mut replies: Vec<Reply> = Vec::with_capacity(MAX_GROUP);
    while let Ok(first) = rx.recv() {
        let barrier = {
            let _exclusive = gate.write().unwrap_or_else(|p| p.into_inner());
            replies.push(first(engine));
            while replies.len() < MAX_GROUP {
                match rx.try_recv() {
                    Ok(job) => replies.push(job(engine)),
                    Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
                }
            }
            engine.barrier()
        };
        let failed = barrier.is_err();
        let outcome = barrier.map_err(|_| "the durability barrier failed");
        for reply in replies.drain(..) {
            reply(outcome);
        }
        if failed {
            // After a failed flush nothing later can be promised durable: stop accepting writes.
            return;
        }
    }
}
