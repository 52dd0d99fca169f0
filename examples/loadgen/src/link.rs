//! One client connection: a TCP stream carrying mtproto-core's client handshake, then a
//! [`ClientConnection`]. This is the host around the Sans-IO state machines: it reads and writes
//! the socket, reads the clock and owns the OS-seeded random generator.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::time::Duration;

use mtproto_core::handshake::client::{self, ClientHandshakeConfig, DhGenOutcome};
use mtproto_core::handshake::{CreatedKey, HandshakeError};
use mtproto_core::session::client::{
    ClientConfig, ClientConnection, ClientEvent, ClientSession, RequestError, RequestId,
};
use mtproto_core::transport::{Frame, FrameCodec, Transport, TransportError, TransportKind};
use mtproto_crypto::Side;
use mtproto_crypto::rsa::RsaPublicKey;
use rand::Rng;
use rand::rngs::StdRng;
use thiserror::Error;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::clock;
use crate::tl::TlError;

/// Bytes read from the socket at once.
const READ_CHUNK: usize = 16 * 1024;

/// Why a client connection failed.
#[derive(Debug, Error)]
pub enum LinkError {
    /// The socket failed.
    #[error("socket: {0}")]
    Io(#[from] std::io::Error),
    /// The server closed the connection.
    #[error("the server closed the connection")]
    Closed,
    /// The byte stream could not be framed.
    #[error("transport: {0}")]
    Framing(#[from] TransportError),
    /// The server sent a transport error code (−404: unknown key, −429: flood).
    #[error("transport error {0}")]
    TransportCode(i32),
    /// The auth-key exchange failed.
    #[error("handshake: {0}")]
    Handshake(#[from] HandshakeError),
    /// No answer in time.
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    /// The server refused a request.
    #[error("request failed: {0:?}")]
    Request(RequestError),
    /// An answer loadgen could not use.
    #[error("{0}")]
    Tl(#[from] TlError),
}

/// Where and how to connect.
#[derive(Debug, Clone)]
pub struct Target {
    /// The server address.
    pub addr: SocketAddr,
    /// The transport to speak.
    pub kind: TransportKind,
    /// The server keys the client trusts.
    pub rsa_keys: Vec<RsaPublicKey>,
    /// The DC id named in the handshake.
    pub dc: i32,
    /// How long one exchange may wait for its answer.
    pub timeout: Duration,
}

/// A connected client with an auth key and an encrypted session.
#[derive(Debug)]
pub struct Link {
    stream: TcpStream,
    conn: ClientConnection,
    rng: StdRng,
    buf: Box<[u8]>,
    timeout: Duration,
    /// Events that arrived while [`Link::call`] waited for its own answer.
    backlog: VecDeque<ClientEvent>,
}

impl Link {
    /// Connects and creates a permanent auth key (<https://core.telegram.org/mtproto/auth_key>).
    pub async fn connect(target: &Target) -> Result<Link, LinkError> {
        let mut stream = TcpStream::connect(target.addr).await?;
        stream.set_nodelay(true)?;
        let mut rng: StdRng = rand::make_rng();
        let mut buf = vec![0u8; READ_CHUNK].into_boxed_slice();
        let mut transport = Transport::client(FrameCodec::new(target.kind, Side::Client));
        let mut hs = Plain {
            stream: &mut stream,
            transport: &mut transport,
            buf: &mut buf,
            timeout: target.timeout,
        };
        let key = handshake(&mut hs, target, &mut rng).await?;
        let session = ClientSession::new(
            key.key,
            rng.next_u64() as i64,
            key.first_salt,
            key.time_offset,
            ClientConfig::default(),
        );
        Ok(Link {
            stream,
            conn: ClientConnection::new(transport, session),
            rng,
            buf,
            timeout: target.timeout,
            backlog: VecDeque::new(),
        })
    }

    /// Queues a request (sent by the next [`flush`](Self::flush)).
    pub fn send(&mut self, body: Vec<u8>) -> RequestId {
        self.conn.session().send(clock::now(), body)
    }

    /// Writes everything the session has queued.
    pub async fn flush(&mut self) -> Result<(), LinkError> {
        while let Some(bytes) = self.conn.poll_transmit(clock::now(), &mut self.rng) {
            self.stream.write_all(&bytes).await?;
        }
        Ok(())
    }

    /// Reads once from the socket and feeds the session (cancel-safe: the bytes are handled in
    /// the same poll that reads them).
    pub async fn read(&mut self) -> Result<(), LinkError> {
        let n = self.stream.read(&mut self.buf).await?;
        if n == 0 {
            return Err(LinkError::Closed);
        }
        self.conn.handle_input(clock::now(), &self.buf[..n]);
        Ok(())
    }

    /// The next event: first those set aside by [`call`](Self::call), then the session's.
    pub fn poll_event(&mut self) -> Option<ClientEvent> {
        self.backlog.pop_front().or_else(|| self.conn.poll_event())
    }

    /// Drops the `new_session_created` notices received so far: a state read after them (the
    /// `updates.getState` that starts the gap engine) already covers what they could have missed.
    pub fn forget_new_sessions(&mut self) {
        self.backlog
            .retain(|e| !matches!(e, ClientEvent::NewSession { .. }));
    }

    /// How long until the session's timers (resend, keep-alive) are due.
    pub fn timer(&self) -> Option<Duration> {
        self.conn.poll_timeout().map(clock::until)
    }

    /// Runs the session's due timers.
    pub fn handle_timeout(&mut self) {
        self.conn.handle_timeout(clock::now());
    }

    /// Sends one request and waits for its answer; other events are kept for
    /// [`poll_event`](Self::poll_event).
    pub async fn call(&mut self, body: Vec<u8>) -> Result<Vec<u8>, LinkError> {
        let request = self.send(body);
        self.flush().await?;
        let deadline = tokio::time::Instant::now() + self.timeout;
        loop {
            while let Some(event) = self.conn.poll_event() {
                match event {
                    ClientEvent::Result { request: r, result } if r == request => {
                        return result.map_err(LinkError::Request);
                    }
                    ClientEvent::Closed => return Err(LinkError::Closed),
                    ClientEvent::TransportError(code) => {
                        return Err(LinkError::TransportCode(code));
                    }
                    other => self.backlog.push_back(other),
                }
            }
            let wait = self.timer().unwrap_or(self.timeout);
            let wake = deadline.min(tokio::time::Instant::now() + wait);
            match tokio::time::timeout_at(wake, self.read()).await {
                Ok(read) => read?,
                Err(_) if wake >= deadline => return Err(LinkError::Timeout(self.timeout)),
                Err(_) => self.handle_timeout(),
            }
            self.flush().await?;
        }
    }
}

/// The unencrypted exchange of the handshake over the bare transport.
struct Plain<'a> {
    stream: &'a mut TcpStream,
    transport: &'a mut Transport,
    buf: &'a mut [u8],
    timeout: Duration,
}

impl Plain<'_> {
    /// Sends one plain message and returns the payload of the next frame.
    async fn exchange(&mut self, message: &[u8], rng: &mut StdRng) -> Result<Vec<u8>, LinkError> {
        self.transport.send(message, false, rng);
        while let Some(bytes) = self.transport.poll_transmit() {
            self.stream.write_all(&bytes).await?;
        }
        tokio::time::timeout(self.timeout, self.next_payload())
            .await
            .map_err(|_| LinkError::Timeout(self.timeout))?
    }

    async fn next_payload(&mut self) -> Result<Vec<u8>, LinkError> {
        loop {
            match self.transport.poll_frame()? {
                Some(Frame::Payload { data, .. }) => return Ok(data),
                Some(Frame::Error(code)) => return Err(LinkError::TransportCode(code.0)),
                Some(Frame::QuickAck(_)) => continue,
                None => {}
            }
            let n = self.stream.read(self.buf).await?;
            if n == 0 {
                return Err(LinkError::Closed);
            }
            self.transport.handle_input(&self.buf[..n]);
        }
    }
}

/// Drives [`client`]'s states through the three round trips (and any `dh_gen_retry`).
async fn handshake(
    io: &mut Plain<'_>,
    target: &Target,
    rng: &mut StdRng,
) -> Result<CreatedKey, LinkError> {
    let config = ClientHandshakeConfig::permanent(target.rsa_keys.clone(), target.dc);
    let (state, request) = client::start(config, clock::now(), rng);
    let answer = io.exchange(&request, rng).await?;
    let (state, request) = state.handle(clock::now(), &answer, rng)?;
    let answer = io.exchange(&request, rng).await?;
    let (mut state, mut request) = state.handle(clock::now(), &answer, rng)?;
    loop {
        let answer = io.exchange(&request, rng).await?;
        match state.handle(clock::now(), &answer, rng)? {
            DhGenOutcome::Done(key) => return Ok(*key),
            DhGenOutcome::Retry(next, again) => {
                state = *next;
                request = again;
            }
        }
    }
}
