"""The withdrawal sender runs with the bot: a file organisation's author receives the JSON and CSV
through the real bot and the local Bot API server, then the status change, in their language."""
from __future__ import annotations

import json

from core.users import set_role
from institutions.documents import add_code, create_draft, get_document, submit
from institutions.orgs import add_org
from tests.harness import running_bot
from verification.gs1 import parse_code

AUTHOR = 7001


async def test_the_author_receives_the_files_and_the_status(sample_bot_db, botapi, today):
    db, mode = sample_bot_db
    botapi.add_user(AUTHOR, language_code="ru")
    async with db.session() as session:
        await set_role(session, AUTHOR, "institution")
    org = await add_org(db, "Clinic", "123456789", "BP-1", gateway="file")
    doc = await create_draft(db, org.id, AUTHOR, "destruction", "act", "A-5", today)
    await add_code(db, doc.id, org.id, parse_code("010478018159083021r3.J1TWDtkwtD"), today=today)
    await submit(db, doc.id, org.id)
    async with running_bot(db, mode=mode, server=botapi):  # the job drains the outbox as it starts
        first, second, notice = await botapi.wait_for(AUTHOR, count=3, timeout=20)
    assert (first.method, second.method) == ("sendDocument", "sendDocument")
    assert f"№ {doc.id}" in first.params["caption"] and "JSON" in first.params["caption"]
    names = sorted(call.result["document"]["file_name"] for call in (first, second))
    assert names == [f"withdrawal-{doc.uuid}.csv", f"withdrawal-{doc.uuid}.json"]
    body = json.loads(botapi.file_bytes(next(c for c in (first, second) if c.result["document"]["file_name"]
                                             .endswith(".json")).result["document"]["file_id"]))
    assert body["codes"] == [{"code": "010478018159083021r3.J1TWDtkwtD"}]
    assert notice.params["text"] == f"Документ вывода из оборота № {doc.id}: отправлен, обрабатывается"
    assert (await get_document(db, doc.id)).status == "sent"
