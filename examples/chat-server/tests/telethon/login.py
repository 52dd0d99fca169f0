"""Telethon 1.45 against the chat-server binary: log in with a test number, get_me, send two
messages to self and read them back with get_messages.

Usage: login.py PUBLIC_KEY_PEM PORT CONNECTION_CLASS PHONE
Prints one line per step; exits non-zero when a step fails.
"""
import asyncio
import sys

import tg


async def main(pem_path, port, conn_name, phone):
    tg.trust_key(pem_path)
    client = tg.client(port, conn_name, request_retries=2)
    await client.connect()
    print("CONNECTED", flush=True)
    print("AUTHORIZED_BEFORE", await client.is_user_authorized(), flush=True)
    await client.send_code_request(phone)
    print("CODE_SENT", flush=True)
    me = await client.sign_in(phone, code=tg.test_code(phone))
    print("SIGNED_IN", me.id, me.phone, flush=True)
    me = await client.get_me()
    print("GET_ME", me.id, me.phone, me.is_self, flush=True)
    print("AUTHORIZED_AFTER", await client.is_user_authorized(), flush=True)
    for text in ("hello from telethon", "second message"):
        sent = await client.send_message("me", text)
        print("SENT", sent.id, flush=True)
    msgs = await client.get_messages("me", limit=10)
    print("HISTORY", "|".join(m.message for m in msgs), flush=True)
    await client.disconnect()


asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]))
