//! `message msg_id:long seqno:int bytes:int body:Object = Message;` — the bare element of
//! `msg_container#73f1f8dc messages:vector<message>` (and the obsolete `msg_copy`).
//! <https://core.telegram.org/mtproto/service_messages#simple-container>
//!
//! The `bytes` field is the length of `body`; it is not stored but derived on encode and checked
//! against the input on decode (it must be non-negative and fit in what is left).

use std::borrow::Cow;

use crate::tl::{
    BareDeserialize, BareSerialize, DecodeError, Deserialize, IntoOwned, Reader, Serialize,
    write_u32,
};

/// The id computed for `message …= Message` (MTPROTO.md §5.11); it appears on the wire only in
/// the obsolete boxed `msg_copy`.
pub const MESSAGE_ID: u32 = 0x5bb8_e511;

/// One message inside a container.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContainerMessage<'a> {
    /// The inner message's id.
    pub msg_id: i64,
    /// The inner message's sequence number.
    pub seqno: i32,
    /// The serialized boxed body.
    pub body: Cow<'a, [u8]>,
}

impl BareSerialize for ContainerMessage<'_> {
    fn serialize_bare(&self, out: &mut Vec<u8>) {
        self.msg_id.serialize(out);
        self.seqno.serialize(out);
        write_u32(out, u32::try_from(self.body.len()).unwrap_or(u32::MAX));
        out.extend_from_slice(&self.body);
    }
}

impl<'a> BareDeserialize<'a> for ContainerMessage<'a> {
    fn deserialize_bare(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let msg_id = r.read_i64()?;
        let seqno = r.read_i32()?;
        let len = r.read_i32()?;
        let len = usize::try_from(len).map_err(|_| DecodeError::NegativeLength(len))?;
        if len > r.remaining() {
            return Err(DecodeError::LengthOverflow {
                declared: len,
                remaining: r.remaining(),
            });
        }
        Ok(Self {
            msg_id,
            seqno,
            body: Cow::Borrowed(r.take(len)?),
        })
    }
}

impl Serialize for ContainerMessage<'_> {
    fn serialize(&self, out: &mut Vec<u8>) {
        write_u32(out, MESSAGE_ID);
        self.serialize_bare(out);
    }
}

impl<'a> Deserialize<'a> for ContainerMessage<'a> {
    fn deserialize(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        r.expect_id(MESSAGE_ID, "message")?;
        Self::deserialize_bare(r)
    }
}

impl IntoOwned for ContainerMessage<'_> {
    type Owned = ContainerMessage<'static>;
    fn into_owned(self) -> Self::Owned {
        ContainerMessage {
            msg_id: self.msg_id,
            seqno: self.seqno,
            body: IntoOwned::into_owned(self.body),
        }
    }
}

#[cfg(feature = "proptest")]
impl crate::tl::ArbitraryTl for ContainerMessage<'static> {
    fn arbitrary_tl(g: &mut crate::tl::Gen) -> Self {
        let words = 1 + g.below(8);
        Self {
            msg_id: crate::tl::ArbitraryTl::arbitrary_tl(g),
            seqno: crate::tl::ArbitraryTl::arbitrary_tl(g),
            body: Cow::Owned((0..words * 4).map(|_| g.next_u64() as u8).collect()),
        }
    }
}
