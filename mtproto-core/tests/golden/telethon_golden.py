"""Prints `name hex` lines: representative layer-229 objects serialized by Telethon 1.45.0's
generated classes (an independent TL encoder) for mtproto-core's golden tests."""
import sys

import telethon
from telethon.tl import types
from telethon.tl.alltlobjects import LAYER

if telethon.__version__ != "1.45.0" or LAYER != 229:
    sys.exit(f"need Telethon 1.45.0 (layer 229), found {telethon.__version__} (layer {LAYER})")

DATE = 1_700_000_000
me = types.User(
    id=777000123, is_self=True, contact=True, access_hash=-5_111_222_333_444_555_666,
    first_name="Ада", last_name="Lovelace", username="ada", phone="9996621234",
    status=types.UserStatusOnline(expires=DATE + 300), lang_code="en",
)
entities = [types.MessageEntityBold(offset=0, length=5), types.MessageEntityTextUrl(offset=6, length=4, url="https://t.me"),
            types.MessageEntityCustomEmoji(offset=11, length=2, document_id=5_000_000_001)]
msg = types.Message(
    id=42, peer_id=types.PeerUser(user_id=777000123), date=DATE, message="Hello t.me 🙂 — текст",
    out=True, from_id=types.PeerUser(user_id=777000123), entities=entities, edit_date=DATE + 5,
    views=10, forwards=2,
)
config = types.Config(
    date=DATE, expires=DATE + 3600, test_mode=False, this_dc=2,
    dc_options=[types.DcOption(id=2, ip_address="127.0.0.1", port=4430),
                types.DcOption(id=2, ip_address="::1", port=4430, ipv6=True, secret=b"\x01\x02\x03")],
    dc_txt_domain_name="apv3.stel.com", chat_size_max=200, megagroup_size_max=200000,
    forwarded_count_max=100, online_update_period_ms=210000, offline_blur_timeout_ms=5000,
    offline_idle_timeout_ms=30000, online_cloud_timeout_ms=300000, notify_cloud_delay_ms=30000,
    notify_default_delay_ms=1500, push_chat_period_ms=60000, push_chat_limit=2, edit_time_limit=172800,
    revoke_time_limit=2147483647, revoke_pm_time_limit=2147483647, rating_e_decay=2419200,
    stickers_recent_limit=200, channels_read_media_period=604800, call_receive_timeout_ms=20000,
    call_ring_timeout_ms=90000, call_connect_timeout_ms=30000, call_packet_timeout_ms=10000,
    me_url_prefix="https://t.me/", caption_length_max=1024, message_length_max=4096, webfile_dc_id=4,
    tmp_sessions=5, suggested_lang_code="en", lang_pack_version=1, base_lang_pack_version=1,
    default_p2p_contacts=True,
)
state = types.updates.State(pts=7, qts=0, date=DATE, seq=1, unread_count=0)
objects = {
    "config": config,
    "user": me,
    "message": msg,
    "messages.messages": types.messages.Messages(messages=[msg], topics=[], chats=[], users=[me]),
    "updates": types.Updates(
        updates=[types.UpdateMessageID(id=42, random_id=-9_000_000_000_000_000_001),
                 types.UpdateNewMessage(message=msg, pts=7, pts_count=1)],
        users=[me], chats=[], date=DATE, seq=0),
    "updates.difference": types.updates.Difference(
        new_messages=[msg], new_encrypted_messages=[], other_updates=[], chats=[], users=[me], state=state),
    "auth.sentCode": types.auth.SentCode(
        type=types.auth.SentCodeTypeApp(length=5), phone_code_hash="a1b2c3d4e5",
        next_type=types.auth.CodeTypeSms(), timeout=60),
}
for name, obj in objects.items():
    print(name, bytes(obj).hex())
