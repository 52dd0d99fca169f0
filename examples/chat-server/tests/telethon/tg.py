"""Shared by the scenario scripts: trusting the server's key and logging Telethon 1.45 clients
in with test numbers. Scripts take PUBLIC_KEY_PEM PORT as their first two arguments."""
import asyncio
import sys

from telethon import TelegramClient, events, types
from telethon.crypto import rsa
from telethon.network import connection
from telethon.sessions import MemorySession

# Any api_id/api_hash: the server does not check them.
API_ID = 6
API_HASH = "0123456789abcdef0123456789abcdef"


def trust_key(pem_path):
    """Makes Telethon accept the server's RSA key in the handshake."""
    with open(pem_path) as f:
        rsa.add_key(f.read(), old=False)


def client(port, conn_name="ConnectionTcpFull", session=None, **kwargs):
    """A client for the server on loopback `port` over the named transport class. Pass the
    `session` of an earlier client to come back with the same auth key and update state."""
    if session is None:
        session = MemorySession()
        session.set_dc(2, "127.0.0.1", port)
    options = dict(connection_retries=1, retry_delay=0, timeout=10)
    options.update(kwargs)
    return TelegramClient(
        session, API_ID, API_HASH, connection=getattr(connection, conn_name), **options
    )


def test_code(phone):
    """The code of a test number 99966XYYYY: the DC digit X five times."""
    digit = phone.lstrip("+")[5]
    return digit * 5


async def login(port, phone, conn_name="ConnectionTcpFull", **kwargs):
    """Connects and signs in with a test number; returns the client and its own user."""
    c = client(port, conn_name, **kwargs)
    await c.connect()
    await c.send_code_request(phone)
    await c.sign_in(phone, code=test_code(phone))
    return c, await c.get_me()


async def stdin_line():
    """The next line the test writes to this script's stdin (without its newline)."""
    line = await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    return line.strip()


class Inbox:
    """Texts of the NewMessage events a client receives, in arrival order, awaitable."""

    def __init__(self, client, **event_args):
        self.texts = []
        self._changed = asyncio.Condition()

        @client.on(events.NewMessage(**event_args))
        async def on_message(event):
            async with self._changed:
                self.texts.append(event.message.message)
                self._changed.notify_all()

    async def wait_for(self, text, timeout=60):
        """Waits until `text` has arrived (fails after `timeout` seconds)."""
        async def arrived():
            async with self._changed:
                await self._changed.wait_for(lambda: text in self.texts)

        await asyncio.wait_for(arrived(), timeout)


# How long a scenario waits for a live event (a loaded CI machine).
EVENT_TIMEOUT = 60


def expect(condition, *what):
    """Fails the scenario with `what` when `condition` is false (unlike `assert`, never
    optimised away)."""
    if not condition:
        raise AssertionError(" ".join(str(w) for w in what))


def collect(client, builder):
    """Queues every event `builder` matches on `client`; await `next_event` on the queue."""
    queue = asyncio.Queue()

    async def on_event(event):
        await queue.put(event)

    client.add_event_handler(on_event, builder)
    return queue


async def next_event(queue, what):
    """The next queued event, or a failure naming `what` after EVENT_TIMEOUT seconds."""
    try:
        return await asyncio.wait_for(queue.get(), EVENT_TIMEOUT)
    except asyncio.TimeoutError:
        raise AssertionError(f"no {what} within {EVENT_TIMEOUT} s") from None


async def meet(a, me_a, b, me_b):
    """Each account learns the other (users.getUsers with the access hash); returns the peers
    as A and as B see them."""
    peer_b = await a.get_entity(types.InputUser(me_b.id, me_b.access_hash))
    peer_a = await b.get_entity(types.InputUser(me_a.id, me_a.access_hash))
    return peer_b, peer_a
