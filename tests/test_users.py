"""Users: created once even when updates race, languages picked from Telegram, admins from ADMIN_IDS."""
import asyncio

from core.users import get_user, set_language, touch_user


async def _touch(db, user_id, language="uz", admins=frozenset()):
    return await touch_user(db, user_id, language, "ru", admins)


async def test_simultaneous_first_updates_create_one_user(db):
    users = await asyncio.gather(*(_touch(db, 42) for _ in range(5)))
    assert {u.id for u in users} == {42} and {u.language for u in users} == {"uz"}


async def test_language_follows_telegram_until_the_user_chooses(db):
    assert (await _touch(db, 7, "xx")).language == "ru"  # unknown: the default
    assert (await _touch(db, 7, "ky-KG")).language == "ky"
    async with db.session() as session:
        await set_language(session, 7, "en")
    assert (await _touch(db, 7, "ru")).language == "en"


async def test_admin_ids_make_admins(db):
    assert (await _touch(db, 9, admins=frozenset({9}))).role == "admin"
    async with db.session() as session:
        assert (await get_user(session, 9)).is_staff


async def test_a_busy_user_costs_no_write_per_update(db):
    from core.users import User
    await _touch(db, 11)
    async with db.session() as session:
        first_seen = (await session.get(User, 11)).last_seen_at
    await _touch(db, 11)
    async with db.session() as session:
        assert (await session.get(User, 11)).last_seen_at == first_seen
