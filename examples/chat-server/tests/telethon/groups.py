"""Three Telethon 1.45 accounts against the chat-server binary: profile, discovery, devices and a
basic group.

A checks and sets a username and new names; B resolves A by "@username"; B imports C's phone
number as a contact and lists its contacts. A signs in a second device, lists its authorizations
and resets the other one. A creates a basic group with B (messages.createChat) and adds C
(messages.addChatUser); B and C find it (messages.getChats, messages.getFullChat); each member
sends one message and every other member receives it live (NewMessage); get_messages on the
group shows all three messages to everyone, and iter_dialogs lists the group with the last
message. Finally C logs out and signs in again on the same
auth key.

Usage: groups.py PUBLIC_KEY_PEM PORT CONNECTION_CLASS PHONE_A PHONE_B PHONE_C
Prints one line per step; exits non-zero when a step fails.
"""
import asyncio
import sys

from telethon import errors, events, functions, types

import tg

# Seconds to wait for live events (a loaded CI machine).
WAIT = 60


async def expect_error(error_type, request):
    """Runs `request` (an awaitable) and returns the name of the error it must raise."""
    try:
        await request
    except error_type as e:
        return type(e).__name__
    raise AssertionError(f"expected {error_type.__name__}")


async def profile_and_discovery(a, b, me_a, me_c, phone_c):
    name = f"alice{me_a.id % 1000000}"
    print("CHECK_FREE", await a(functions.account.CheckUsernameRequest(name)), flush=True)
    me = await a(functions.account.UpdateUsernameRequest(name))
    print("USERNAME_SET", me.username == name, flush=True)
    print(
        "ERRORS",
        await expect_error(
            errors.UsernameNotModifiedError, a(functions.account.UpdateUsernameRequest(name))
        ),
        await expect_error(
            errors.UsernameOccupiedError, b(functions.account.UpdateUsernameRequest(name.upper()))
        ),
        await expect_error(
            errors.UsernameInvalidError, b(functions.account.UpdateUsernameRequest("no!"))
        ),
        await expect_error(
            errors.UsernameNotOccupiedError,
            b(functions.contacts.ResolveUsernameRequest("nobody_here")),
        ),
        flush=True,
    )
    print("CHECK_TAKEN", await b(functions.account.CheckUsernameRequest(name)), flush=True)
    me = await a(functions.account.UpdateProfileRequest(first_name="Alice", last_name="Liddell"))
    print("PROFILE", me.first_name, me.last_name, flush=True)
    found = await b.get_entity("@" + name)
    print("RESOLVED", found.id == me_a.id, found.first_name, found.username == name, flush=True)
    imported = await b(
        functions.contacts.ImportContactsRequest(
            [types.InputPhoneContact(client_id=7, phone="+" + phone_c, first_name="Carol", last_name="")]
        )
    )
    print("IMPORTED", [(i.user_id == me_c.id, i.client_id) for i in imported.imported], flush=True)
    contacts = await b(functions.contacts.GetContactsRequest(hash=0))
    print(
        "CONTACTS",
        [(u.id == me_c.id, u.first_name, u.contact) for u in contacts.users],
        flush=True,
    )


async def devices(port, conn_name, a, phone_a):
    a2, _ = await tg.login(port, phone_a, conn_name)
    auths = (await a(functions.account.GetAuthorizationsRequest())).authorizations
    print("AUTHORIZATIONS", len(auths), sorted(x.current for x in auths), flush=True)
    other = next(x for x in auths if not x.current)
    print(
        "RESET_CURRENT",
        await expect_error(errors.HashInvalidError, a(functions.account.ResetAuthorizationRequest(0))),
        flush=True,
    )
    print("RESET", await a(functions.account.ResetAuthorizationRequest(other.hash)), flush=True)
    print(
        "RESET_DEVICE",
        await expect_error(
            errors.AuthKeyUnregisteredError, a2(functions.users.GetUsersRequest([types.InputUserSelf()]))
        ),
        flush=True,
    )
    await a2.disconnect()


async def group_chat(members):
    """`members`: name -> (client, own user). The first one creates the group."""
    (name_a, (a, _)), (_, (_, me_b)), (_, (_, me_c)) = members.items()
    invited = await a(
        functions.messages.CreateChatRequest(
            users=[types.InputUser(me_b.id, me_b.access_hash)], title="Trio"
        )
    )
    chat = invited.updates.chats[0]
    print("CREATED", chat.title, chat.participants_count, chat.creator, flush=True)
    add_c = functions.messages.AddChatUserRequest(
        chat.id, types.InputUser(me_c.id, me_c.access_hash), fwd_limit=0
    )
    await a(add_c)
    print("ADDED", await expect_error(errors.UserAlreadyParticipantError, a(add_c)), flush=True)
    all_ids = sorted(me.id for _, me in members.values())
    entities = {name_a: chat}
    for name, (client, _) in list(members.items())[1:]:
        entity = await client.get_entity(types.PeerChat(chat.id))
        participants = await client.get_participants(entity)
        print("SEES", name, entity.title, sorted(p.id for p in participants) == all_ids, flush=True)
        entities[name] = entity

    received = {name: [] for name in members}
    complete = {name: asyncio.Event() for name in members}

    def on_message(name):
        async def handler(event):
            if isinstance(event.message.peer_id, types.PeerChat) and event.message.peer_id.chat_id == chat.id:
                received[name].append(event.message.message)
                if len(received[name]) == len(members) - 1:
                    complete[name].set()

        return handler

    for name, (client, _) in members.items():
        client.add_event_handler(on_message(name), events.NewMessage(incoming=True))
    for name, (client, _) in members.items():
        sent = await client.send_message(entities[name], f"hello from {name}")
        print("SENT", name, sent.id, isinstance(sent.peer_id, types.PeerChat), flush=True)
    await asyncio.wait_for(asyncio.gather(*(e.wait() for e in complete.values())), WAIT)
    for name in members:
        print("LIVE", name, "|".join(sorted(received[name])), flush=True)
    for name, (client, me) in members.items():
        history = await client.get_messages(entities[name], limit=10)
        texts = "|".join(m.message for m in reversed(history))
        outgoing = [m.out for m in reversed(history)]
        print("HISTORY", name, texts, outgoing, flush=True)
    for name, (client, _) in members.items():
        dialogs = [d async for d in client.iter_dialogs()]
        group = [d for d in dialogs if d.is_group and d.entity.id == chat.id]
        print("DIALOG", name, [(d.name, d.message.message) for d in group], flush=True)


async def log_out_and_back(client, phone):
    """auth.logOut unbinds the key; the same key signs in again."""
    me = await client.get_me()
    await client(functions.auth.LogOutRequest())
    print(
        "LOGGED_OUT",
        await expect_error(
            errors.AuthKeyUnregisteredError, client(functions.users.GetUsersRequest([types.InputUserSelf()]))
        ),
        flush=True,
    )
    await client.send_code_request(phone)
    again = await client.sign_in(phone, code=tg.test_code(phone))
    print("SIGNED_IN_AGAIN", again.id == me.id, flush=True)


async def main(pem_path, port, conn_name, phone_a, phone_b, phone_c):
    tg.trust_key(pem_path)
    a, me_a = await tg.login(port, phone_a, conn_name)
    b, me_b = await tg.login(port, phone_b, conn_name)
    c, me_c = await tg.login(port, phone_c, conn_name)
    print("LOGGED_IN", flush=True)
    await profile_and_discovery(a, b, me_a, me_c, phone_c)
    await devices(port, conn_name, a, phone_a)
    await group_chat({"A": (a, me_a), "B": (b, me_b), "C": (c, me_c)})
    await log_out_and_back(c, phone_c)
    for client in (a, b, c):
        await client.disconnect()


asyncio.run(main(sys.argv[1], int(sys.argv[2]), *sys.argv[3:7]))
