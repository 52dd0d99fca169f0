"""Two Telethon 1.45 accounts against the chat-server binary, over one transport: history
paging, messages by id, search, dialogs, edits (and refused edits), deletions, read receipts, typing, and catch-up
of messages that arrived while B was disconnected (5, then 130: more than one difference page).

Usage: messages.py PUBLIC_KEY_PEM PORT CONNECTION_CLASS PHONE_A PHONE_B
Prints one line per step and "ALL OK" at the end; exits non-zero when a step fails.
"""
import asyncio
import sys

from telethon import errors, events
from telethon.tl import functions, types

import tg
from tg import expect

# Messages A sends B for the paging steps.
COUNT = 25
# Page size of the manual paging.
PAGE = 10


def texts(messages):
    return [m.message for m in messages]


async def paging(a, b, peer_a, peer_b):
    """A sends COUNT messages; B pages through them 10 at a time, then with iter_messages."""
    sent = [await a.send_message(peer_b, f"m{i}") for i in range(1, COUNT + 1)]
    expected = [f"m{i}" for i in range(COUNT, 0, -1)]
    pages, offset = [], 0
    while True:
        page = await b.get_messages(peer_a, limit=PAGE, offset_id=offset)
        if not page:
            break
        expect(page.total == COUNT, "history count", page.total)
        pages.append(texts(page))
        offset = page[-1].id
    expect(sum(pages, []) == expected, "pages", pages)
    expect([len(p) for p in pages] == [10, 10, 5], "page sizes", pages)
    print("PAGED", len(pages), flush=True)
    every = [m async for m in b.iter_messages(peer_a)]
    expect(texts(every) == expected, "iter_messages", texts(every))
    oldest = [m async for m in b.iter_messages(peer_a, limit=PAGE, reverse=True)]
    expect(texts(oldest) == [f"m{i}" for i in range(1, PAGE + 1)], "reverse", texts(oldest))
    print("ITERATED", len(every), len(oldest), flush=True)
    # By id, in the order asked; an unknown id is None (messageEmpty).
    by_id = await a.get_messages(peer_b, ids=[sent[2].id, 999_999, sent[0].id])
    expect(by_id[0].message == "m3" and by_id[1] is None and by_id[2].message == "m1",
           "by id", by_id)
    print("BY_ID", flush=True)
    return sent


async def search(a, peer_b):
    found = await a.get_messages(peer_b, search="M2", limit=100)
    expected = ["m25", "m24", "m23", "m22", "m21", "m20", "m2"]
    expect(texts(found) == expected, "search", texts(found))
    print("SEARCH", len(found), flush=True)


async def dialogs(a, b, me_a, me_b):
    await a.send_message("me", "note to self")
    listed = [d async for d in a.iter_dialogs()]
    expect([d.id for d in listed] == [me_a.id, me_b.id], "A's dialogs", listed)
    expect(listed[0].message.message == "note to self", "top message", listed[0].message)
    first = await a.get_dialogs(limit=1)
    expect(first.total == 2 and len(first) == 1, "dialogs slice", first.total, first)
    theirs = [d async for d in b.iter_dialogs()]
    expect(len(theirs) == 1 and theirs[0].id == me_a.id, "B's dialogs", theirs)
    expect(theirs[0].unread_count == COUNT, "B's unread", theirs[0].unread_count)
    print("DIALOGS", len(listed), len(theirs), flush=True)


async def edit(a, a2, b, peer_a, peer_b, sent):
    edited = tg.collect(b, events.MessageEdited)
    mirrored = tg.collect(a2, events.MessageEdited)
    result = await a.edit_message(peer_b, sent[-1].id, "m25 edited")
    expect(result.message == "m25 edited" and result.edit_date, "edit result", result)
    event = await tg.next_event(edited, "MessageEdited")
    expect(event.message.message == "m25 edited", "edited text", event.message)
    expect(event.chat_id == peer_a.id or event.sender_id == peer_a.id, "edited by", event)
    latest = await b.get_messages(peer_a, limit=1)
    expect(latest[0].message == "m25 edited" and latest[0].id == event.message.id,
           "B's copy", latest[0])
    other_device = await tg.next_event(mirrored, "MessageEdited on A's other device")
    expect(other_device.message.id == sent[-1].id and other_device.message.out,
           "A's other device", other_device.message)
    print("EDITED", event.message.id, flush=True)


async def refused(request, error):
    """Expects `request` (a coroutine) to fail with the RPC error class `error`."""
    try:
        await request
    except error:
        return
    raise AssertionError(f"no {error.__name__}")


async def bad_requests(a, b, peer_a, peer_b, me_b, sent):
    """Telegram's errors for edits that cannot apply and for a peer with a wrong access hash."""
    await refused(a.edit_message(peer_b, 999_999, "x"), errors.MessageIdInvalidError)
    await refused(a.edit_message(peer_b, sent[1].id, "m2"), errors.MessageNotModifiedError)
    (theirs,) = await b.get_messages(peer_a, limit=1)
    await refused(b.edit_message(peer_a, theirs.id, "not mine"), errors.MessageAuthorRequiredError)
    forged = types.InputPeerUser(me_b.id, me_b.access_hash ^ 1)
    await refused(a.send_message(forged, "x"), errors.PeerIdInvalidError)
    await refused(a(functions.messages.ReadHistoryRequest(forged, 0)), errors.PeerIdInvalidError)
    print("REFUSED", flush=True)


async def delete(a, a2, b, peer_a, peer_b, sent):
    theirs = await b.get_messages(peer_a, limit=COUNT)
    their_first = theirs[-1]
    expect(their_first.message == "m1", "B's oldest", their_first.message)
    deleted = tg.collect(b, events.MessageDeleted)
    mirrored = tg.collect(a2, events.MessageDeleted)
    done = await a.delete_messages(peer_b, [sent[0].id], revoke=True)
    expect(done[0].pts_count == 1, "affected", done)
    event = await tg.next_event(deleted, "MessageDeleted")
    expect(event.deleted_ids == [their_first.id], "deleted ids", event.deleted_ids)
    gone = await b.get_messages(peer_a, ids=[their_first.id])
    expect(gone[0] is None, "B's copy still there", gone)
    mine = await a.get_messages(peer_b, ids=[sent[0].id])
    expect(mine[0] is None, "A's copy still there", mine)
    other_device = await tg.next_event(mirrored, "MessageDeleted on A's other device")
    expect(other_device.deleted_ids == [sent[0].id], "A's other device", other_device.deleted_ids)
    print("DELETED", event.deleted_ids[0], flush=True)


async def read(a, a2, b, peer_a, peer_b, sent):
    reads = tg.collect(a, events.MessageRead(inbox=False))
    mirrored = tg.collect(a2, events.MessageRead(inbox=False))
    expect(await b.send_read_acknowledge(peer_a), "read acknowledged")
    event = await tg.next_event(reads, "MessageRead")
    expect(event.outbox and event.max_id == sent[-1].id, "read event", event.outbox, event.max_id)
    (dialog,) = (await a(functions.messages.GetPeerDialogsRequest([peer_b]))).dialogs
    expect(dialog.read_outbox_max_id == sent[-1].id, "read_outbox_max_id", dialog)
    (mine,) = [d async for d in b.iter_dialogs() if d.id == peer_a.id]
    expect(mine.unread_count == 0, "B's unread after reading", mine.unread_count)
    other_device = await tg.next_event(mirrored, "MessageRead on A's other device")
    expect(other_device.max_id == sent[-1].id, "A's other device", other_device.max_id)
    print("READ", event.max_id, flush=True)


async def typing(a, b, me_b, peer_a):
    typed = tg.collect(a, events.UserUpdate)
    expect(await b(functions.messages.SetTypingRequest(peer_a, types.SendMessageTypingAction())),
           "setTyping")
    event = await tg.next_event(typed, "UserUpdate")
    expect(event.user_id == me_b.id and event.typing, "typing event", event)
    print("TYPING", flush=True)


async def catch_up(port, conn_name, a, b, peer_b, me_a, count):
    """B disconnects; A sends `count` messages; B comes back with the same session (auth key and
    update state) and receives them all, in order, through updates.getDifference."""
    session = b.session
    await b.disconnect()
    expected = [f"c{count}.{i}" for i in range(1, count + 1)]
    for text in expected:
        await a.send_message(peer_b, text)
    b = tg.client(port, conn_name, session=session, catch_up=True)
    arrived = tg.collect(b, events.NewMessage(incoming=True))
    await b.connect()
    expect(await b.is_user_authorized(), "B still signed in")
    got = [await tg.next_event(arrived, f"caught-up message {text}") for text in expected]
    expect([e.message.message for e in got] == expected, "catch-up",
           [e.message.message for e in got])
    expect(all(e.sender_id == me_a.id for e in got), "catch-up senders")
    print("CAUGHT_UP", len(got), flush=True)
    return b


async def main(pem_path, port, conn_name, phone_a, phone_b):
    tg.trust_key(pem_path)
    a, me_a = await tg.login(port, phone_a, conn_name)
    b, me_b = await tg.login(port, phone_b, conn_name)
    # A second device (auth key) of A: it sees A's own edits, deletions and read receipts live.
    a2, _ = await tg.login(port, phone_a, conn_name)
    peer_b, peer_a = await tg.meet(a, me_a, b, me_b)
    print("LOGGED_IN", me_a.id, me_b.id, flush=True)
    sent = await paging(a, b, peer_a, peer_b)
    await search(a, peer_b)
    await dialogs(a, b, me_a, me_b)
    await edit(a, a2, b, peer_a, peer_b, sent)
    await bad_requests(a, b, peer_a, peer_b, me_b, sent)
    await delete(a, a2, b, peer_a, peer_b, sent)
    await read(a, a2, b, peer_a, peer_b, sent)
    await typing(a, b, me_b, peer_a)
    b = await catch_up(port, conn_name, a, b, peer_b, me_a, 5)
    # More than one getDifference page (the server's is 100 entries): differenceSlice first.
    b = await catch_up(port, conn_name, a, b, peer_b, me_a, 130)
    for c in (a, a2, b):
        await c.disconnect()
    print("ALL OK", flush=True)


asyncio.run(main(sys.argv[1], int(sys.argv[2]), *sys.argv[3:6]))
