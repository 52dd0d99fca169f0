"""Two Telethon 1.45 accounts against the chat-server binary: A sends B a private message; B
receives it live as a NewMessage event, and both read it back with get_messages.

Usage: live.py PUBLIC_KEY_PEM PORT CONNECTION_CLASS PHONE_A PHONE_B
Prints one line per step; exits non-zero when a step fails.
"""
import asyncio
import sys

from telethon import events

import tg


async def main(pem_path, port, conn_name, phone_a, phone_b):
    tg.trust_key(pem_path)
    a, me_a = await tg.login(port, phone_a, conn_name)
    b, me_b = await tg.login(port, phone_b, conn_name)
    print("LOGGED_IN", me_a.id, me_b.id, flush=True)
    peer_b, _ = await tg.meet(a, me_a, b, me_b)
    received = asyncio.get_running_loop().create_future()

    @b.on(events.NewMessage(incoming=True))
    async def on_message(event):
        if not received.done():
            received.set_result(event.message)

    sent = await a.send_message(peer_b, "hi B")
    print("SENT", sent.id, flush=True)
    message = await asyncio.wait_for(received, 10)
    print("RECEIVED", message.message, message.sender_id == me_a.id, flush=True)
    history_b = await b.get_messages(me_a.id, limit=5)
    print("HISTORY_B", "|".join(m.message for m in history_b), flush=True)
    history_a = await a.get_messages(peer_b, limit=5)
    print("HISTORY_A", "|".join(m.message for m in history_a), flush=True)
    await a.disconnect()
    await b.disconnect()


asyncio.run(main(sys.argv[1], int(sys.argv[2]), *sys.argv[3:6]))
