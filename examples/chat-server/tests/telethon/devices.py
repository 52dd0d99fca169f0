"""One account on two Telethon 1.45 clients (two auth keys: it signs in twice) and a second
account. B sends N messages: both of A's devices receive all of them live, in the same order.
Then A's first device sends M: A's second device sees them live as outgoing messages.

Usage: devices.py PUBLIC_KEY_PEM PORT PHONE_A PHONE_B N
"""
import asyncio
import sys

import tg


async def main(pem_path, port, phone_a, phone_b, n):
    tg.trust_key(pem_path)
    a1, me_a = await tg.login(port, phone_a)
    a2, me_a2 = await tg.login(port, phone_a)
    b, me_b = await tg.login(port, phone_b)
    print("SAME_ACCOUNT", me_a.id == me_a2.id, flush=True)
    peer_b, peer_a = await tg.meet(a1, me_a, b, me_b)
    await tg.meet(a2, me_a2, b, me_b)
    inbox_1 = tg.Inbox(a1, incoming=True)
    inbox_2 = tg.Inbox(a2, incoming=True)
    outbox_2 = tg.Inbox(a2, outgoing=True)
    sent = [f"to A {i}" for i in range(1, n + 1)]
    for text in sent:
        await b.send_message(peer_a, text)
    await inbox_1.wait_for(sent[-1])
    await inbox_2.wait_for(sent[-1])
    print("DEVICE_1_IN_ORDER", inbox_1.texts == sent, flush=True)
    print("DEVICE_2_IN_ORDER", inbox_2.texts == sent, flush=True)
    mine = [f"from A {i}" for i in range(1, 4)]
    for text in mine:
        await a1.send_message(peer_b, text)
    await outbox_2.wait_for(mine[-1])
    print("OTHER_DEVICE_SEES_OUTGOING", outbox_2.texts == mine, flush=True)
    for client in (a1, a2, b):
        await client.disconnect()


asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])))
