//! `msg_container#73f1f8dc messages:vector message` (<https://core.telegram.org/mtproto/service_messages#containers>).
//!
//! A bare vector of bare `message msg_id:long seqno:int bytes:int body:Object`: the envelope
//! layer reads and writes it by hand (MTPROTO.md §3.1). A container holds at most 1024 messages,
//! never another container, and its own msg_id exceeds every inner one.

use crate::msg_id::MsgId;

/// Constructor id of `msg_container`.
pub const MSG_CONTAINER_ID: u32 = 0x73f1_f8dc;
/// Most messages one container may hold.
pub const MAX_MESSAGES: usize = 1024;
/// Bytes of an inner message's header: msg_id, seqno, bytes.
const INNER_HEADER: usize = 16;

/// One message inside a container (a view into the container body).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InnerMessage<'a> {
    /// The inner message id.
    pub msg_id: MsgId,
    /// Its seq_no.
    pub seq_no: i32,
    /// Its TL object.
    pub body: &'a [u8],
}

/// Why a container is invalid (answered with bad_msg_notification code 64).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ContainerError {
    /// The body ends inside a message or its header.
    #[error("container truncated")]
    Truncated,
    /// More than [`MAX_MESSAGES`] messages.
    #[error("container holds {0} messages")]
    TooMany(u32),
    /// An inner length is not a multiple of 4.
    #[error("inner message length {0} is not a multiple of 4")]
    Unaligned(u32),
    /// A container inside a container.
    #[error("nested container")]
    Nested,
    /// Bytes left after the last message.
    #[error("{0} trailing bytes after the last message")]
    Trailing(usize),
}

/// Whether `body` starts with the container constructor.
pub fn is_container(body: &[u8]) -> bool {
    body.len() >= 4 && u32::from_le_bytes([body[0], body[1], body[2], body[3]]) == MSG_CONTAINER_ID
}

/// Parses a container body (starting with its constructor id).
pub fn parse(body: &[u8]) -> Result<Vec<InnerMessage<'_>>, ContainerError> {
    let rest = body.get(4..).ok_or(ContainerError::Truncated)?;
    let count_bytes = rest.get(..4).ok_or(ContainerError::Truncated)?;
    let count = u32::from_le_bytes([
        count_bytes[0],
        count_bytes[1],
        count_bytes[2],
        count_bytes[3],
    ]);
    if count as usize > MAX_MESSAGES {
        return Err(ContainerError::TooMany(count));
    }
    let mut rest = &rest[4..];
    // Every message takes at least 20 bytes: no allocation beyond what the input can hold.
    let mut out = Vec::with_capacity((count as usize).min(rest.len() / (INNER_HEADER + 4)));
    for _ in 0..count {
        let header = rest.get(..INNER_HEADER).ok_or(ContainerError::Truncated)?;
        let mut id = [0u8; 8];
        id.copy_from_slice(&header[..8]);
        let msg_id = i64::from_le_bytes(id);
        let seq_no = i32::from_le_bytes([header[8], header[9], header[10], header[11]]);
        let len = u32::from_le_bytes([header[12], header[13], header[14], header[15]]);
        if !len.is_multiple_of(4) {
            return Err(ContainerError::Unaligned(len));
        }
        let inner = rest
            .get(INNER_HEADER..INNER_HEADER + len as usize)
            .ok_or(ContainerError::Truncated)?;
        if is_container(inner) {
            return Err(ContainerError::Nested);
        }
        out.push(InnerMessage {
            msg_id: MsgId(msg_id),
            seq_no,
            body: inner,
        });
        rest = &rest[INNER_HEADER + len as usize..];
    }
    if !rest.is_empty() {
        return Err(ContainerError::Trailing(rest.len()));
    }
    Ok(out)
}

/// Appends a container of `messages` to `out`.
pub fn write(messages: &[InnerMessage<'_>], out: &mut Vec<u8>) {
    out.extend_from_slice(&MSG_CONTAINER_ID.to_le_bytes());
    out.extend_from_slice(&(messages.len() as u32).to_le_bytes());
    for m in messages {
        out.extend_from_slice(&m.msg_id.0.to_le_bytes());
        out.extend_from_slice(&m.seq_no.to_le_bytes());
        out.extend_from_slice(&(m.body.len() as u32).to_le_bytes());
        out.extend_from_slice(m.body);
    }
}

/// Bytes a message adds to a container.
pub fn inner_size(body_len: usize) -> usize {
    INNER_HEADER + body_len
}
