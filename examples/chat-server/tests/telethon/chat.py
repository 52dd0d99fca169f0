"""Two Telethon 1.45 accounts chatting in rounds (A sends B a message, B answers) until the test
writes STOP to stdin; then one more round, and a third client logs in on a new connection.
Used to show that other connections' bad input does not disturb them.

Usage: chat.py PUBLIC_KEY_PEM PORT PHONE_A PHONE_B PHONE_C
Prints LOGGED_IN, ROUND n per completed round, NEW_CONNECTION ok, CHAT_OK rounds.
"""
import asyncio
import sys

import tg


async def main(pem_path, port, phone_a, phone_b, phone_c):
    tg.trust_key(pem_path)
    a, me_a = await tg.login(port, phone_a)
    b, me_b = await tg.login(port, phone_b)
    peer_b, peer_a = await tg.meet(a, me_a, b, me_b)
    inbox_a = tg.Inbox(a, incoming=True)
    inbox_b = tg.Inbox(b, incoming=True)
    stop = asyncio.ensure_future(tg.stdin_line())
    print("LOGGED_IN", flush=True)
    rounds = 0
    while True:
        last = stop.done()
        rounds += 1
        await a.send_message(peer_b, f"ping {rounds}")
        await inbox_b.wait_for(f"ping {rounds}")
        await b.send_message(peer_a, f"pong {rounds}")
        await inbox_a.wait_for(f"pong {rounds}")
        print("ROUND", rounds, flush=True)
        if last:
            break
    c, me_c = await tg.login(port, phone_c)
    print("NEW_CONNECTION", me_c.phone == phone_c, flush=True)
    expected = [f"ping {i}" for i in range(1, rounds + 1)]
    print("IN_ORDER", inbox_b.texts == expected, flush=True)
    print("CHAT_OK", rounds, flush=True)
    for client in (a, b, c):
        await client.disconnect()


asyncio.run(main(sys.argv[1], int(sys.argv[2]), *sys.argv[3:6]))
