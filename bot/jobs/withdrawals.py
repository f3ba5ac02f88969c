"""The withdrawal sender: drains the institutions' outbox (institutions/outbox.py) for as long as the bot runs.

Documents of organisations without API access reach their author as JSON and CSV files; every change of
a document's status is told to its author.
"""
from __future__ import annotations

import aiohttp
from aiogram import Bot
from aiogram.types import BufferedInputFile

from core.users import get_user
from institutions import outbox
from institutions.documents import get_document
from institutions.gateway import DocumentFile, gateways


async def run_withdrawals(services, bot: Bot) -> None:
    """One of bot.jobs.every_job."""
    settings, db = services.settings, services.db

    async def translate_for(user_id: int):
        async with db.session() as session:
            user = await get_user(session, user_id)
        return services.i18n.bind(user.language if user else settings.default_language)

    async def deliver(author_id: int, document_id: int, files: list[DocumentFile]) -> None:
        t = await translate_for(author_id)
        for index, file in enumerate(files):
            await bot.send_document(author_id, BufferedInputFile(file.data, filename=file.name),
                                    caption=t("withdrawal-files", number=str(document_id)) if index == 0 else None)

    async def changed(document_id: int, status: str) -> None:
        doc = await get_document(db, document_id)
        t = await translate_for(doc.author_id)
        await bot.send_message(doc.author_id, t("withdrawal-status-changed", number=str(doc.id),
                                                status=t(f"withdrawal-status-{status}")))

    async with aiohttp.ClientSession() as session:
        gateway_for = gateways(session, settings.xtrace_base_url, settings.xtrace_reason_codes,
                               settings.withdrawal_signer_url, settings.xtrace_timeout_s)
        await outbox.run(db, gateway_for, deliver, changed)
