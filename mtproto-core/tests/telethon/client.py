"""Telethon 1.45 against the wire layer's test host: handshake, help.getConfig, ping.

Usage: client.py PUBLIC_KEY_PEM PORT CONNECTION_CLASS
"""
import asyncio
import sys

from telethon import TelegramClient, functions
from telethon.crypto import rsa
from telethon.network import connection
from telethon.sessions import MemorySession


async def main(pem_path, port, conn_name):
    with open(pem_path) as f:
        rsa.add_key(f.read(), old=False)
    session = MemorySession()
    session.set_dc(2, "127.0.0.1", port)
    client = TelegramClient(
        session,
        6,
        "0123456789abcdef0123456789abcdef",
        connection=getattr(connection, conn_name),
        receive_updates=False,
        connection_retries=1,
        retry_delay=0,
        timeout=10,
    )
    await client.connect()
    config = await client(functions.help.GetConfigRequest())
    print("CONFIG", config.this_dc, config.dc_options[0].ip_address, config.dc_options[0].port, flush=True)
    for ping_id in (11, 22):
        pong = await client(functions.PingRequest(ping_id=ping_id))
        print("PONG", pong.ping_id, flush=True)
    await client.disconnect()


asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3]))
