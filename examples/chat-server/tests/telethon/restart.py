"""Two Telethon 1.45 accounts chatting across a server crash: A keeps sending B messages and
prints ACKED n once send_message returned; the test SIGKILLs the server meanwhile, restarts it
on the same data directory and port, and writes RESTARTED to stdin. The clients reconnect on
their own (same auth keys, no new login), A sends a few more, and B receives a last one live.
Then every acknowledged message must be in both histories.

Usage: restart.py PUBLIC_KEY_PEM PORT PHONE_A PHONE_B
"""
import asyncio
import sys

import tg

# Keep reconnecting while the server is down (negative: no limit).
RECONNECT = dict(connection_retries=-1, retry_delay=0.5, request_retries=20, timeout=10)
# Messages A sends after the restart before the last one.
AFTER_RESTART = 3


async def send_until_acked(client, peer, text):
    """Sends `text`; a send that failed while the server was down is tried again (it may then
    be stored twice: only acknowledged sends are promised)."""
    while True:
        try:
            return await client.send_message(peer, text)
        except (ConnectionError, OSError, asyncio.TimeoutError) as e:
            print("RETRY", text, type(e).__name__, flush=True)
            await asyncio.sleep(0.5)


async def main(pem_path, port, phone_a, phone_b):
    tg.trust_key(pem_path)
    a, me_a = await tg.login(port, phone_a, **RECONNECT)
    b, me_b = await tg.login(port, phone_b, **RECONNECT)
    peer_b, peer_a = await tg.meet(a, me_a, b, me_b)
    inbox_b = tg.Inbox(b, incoming=True)
    restarted = asyncio.ensure_future(tg.stdin_line())
    acked = []
    after = 0
    n = 0
    while after < AFTER_RESTART:
        n += 1
        text = f"msg {n}"
        await send_until_acked(a, peer_b, text)
        acked.append(text)
        print("ACKED", n, flush=True)
        if restarted.done():
            after += 1
        else:
            # Give the test's kill a chance to land between sends, not only after them.
            await asyncio.sleep(0.05)
    # Both sessions are back (an answered request each) before the last message is sent.
    again_a, again_b = await a.get_me(), await b.get_me()
    print("SAME_ACCOUNTS", again_a.id == me_a.id, again_b.id == me_b.id, flush=True)
    await send_until_acked(a, peer_b, "last")
    acked.append("last")
    await inbox_b.wait_for("last")
    print("LIVE_AFTER_RESTART True", flush=True)
    history_a = {m.message for m in await a.get_messages(peer_b, limit=1000)}
    history_b = {m.message for m in await b.get_messages(peer_a, limit=1000)}
    print("MISSING_A", [t for t in acked if t not in history_a], flush=True)
    print("MISSING_B", [t for t in acked if t not in history_b], flush=True)
    print("ACKED_TOTAL", len(acked), flush=True)
    await a.disconnect()
    await b.disconnect()


asyncio.run(main(sys.argv[1], int(sys.argv[2]), *sys.argv[3:5]))
