//! `help.getConfig` and `help.getNearestDc`: the server advertises itself (`--public-addr`,
//! `--dc-id`) as the only DC (SERVER-INTEROP.md §5, <https://core.telegram.org/method/help.getConfig>).

use std::borrow::Cow;

use mtproto_core::tl::api::{enums, types};

use super::Handler;

/// How long clients may cache the config (seconds).
const CONFIG_TTL: i32 = 3600;

/// `config` naming this server as DC `--dc-id` at `--public-addr`. Limits are Telegram's usual
/// values; clients only display or cap with them.
pub fn config(h: &Handler<'_>) -> enums::Config<'static> {
    let s = &h.app.settings;
    let now = h.now as i32;
    types::Config {
        date: now,
        expires: now + CONFIG_TTL,
        test_mode: false,
        this_dc: s.dc_id,
        dc_options: vec![
            types::DcOption {
                id: s.dc_id,
                ip_address: Cow::Owned(s.public_host.clone()),
                port: i32::from(s.public_port),
                ..Default::default()
            }
            .into(),
        ],
        dc_txt_domain_name: Cow::Borrowed("localhost"),
        chat_size_max: 200,
        megagroup_size_max: 200_000,
        forwarded_count_max: 100,
        online_update_period_ms: 210_000,
        offline_blur_timeout_ms: 5000,
        offline_idle_timeout_ms: 30_000,
        online_cloud_timeout_ms: 300_000,
        notify_cloud_delay_ms: 30_000,
        notify_default_delay_ms: 1500,
        push_chat_period_ms: 60_000,
        push_chat_limit: 2,
        edit_time_limit: 172_800,
        revoke_time_limit: i32::MAX,
        revoke_pm_time_limit: i32::MAX,
        rating_e_decay: 2_419_200,
        stickers_recent_limit: 200,
        channels_read_media_period: 604_800,
        call_receive_timeout_ms: 20_000,
        call_ring_timeout_ms: 90_000,
        call_connect_timeout_ms: 30_000,
        call_packet_timeout_ms: 10_000,
        me_url_prefix: Cow::Borrowed("https://t.me/"),
        caption_length_max: 1024,
        message_length_max: 4096,
        webfile_dc_id: s.dc_id,
        ..Default::default()
    }
    .into()
}

/// `nearestDc`: this DC is always the nearest.
pub fn nearest_dc(h: &Handler<'_>) -> enums::NearestDc<'static> {
    types::NearestDc {
        country: Cow::Borrowed(""),
        this_dc: h.app.settings.dc_id,
        nearest_dc: h.app.settings.dc_id,
    }
    .into()
}
