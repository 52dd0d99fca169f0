//! Names of constructor and function ids across every schema this crate generates, for logs and
//! for answering unknown constructors.

/// The TL name of `id` in the service, API or end-to-end schema.
pub fn name_for_id(id: u32) -> Option<&'static str> {
    crate::tl::mtproto::name_for_id(id)
        .or_else(|| crate::tl::api::name_for_id(id))
        .or_else(|| crate::tl::secret::name_for_id(id))
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_known_ids() {
        assert_eq!(super::name_for_id(0xbe7e8ef1), Some("req_pq_multi"));
        assert_eq!(super::name_for_id(0xb1b8cc83), Some("user"));
        assert_eq!(super::name_for_id(0x91cc4674), Some("decryptedMessage"));
        assert_eq!(super::name_for_id(0xdeadbeef), None);
    }
}
