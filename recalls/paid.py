"""Paid broadcast for urgent recalls: what one costs, and the booking that keeps its spend under the cap.

Telegram lets a bot send up to 1000 messages a second with `allow_paid_broadcast`, for 0.1 Star a
message (it charges only those beyond the free 30 a second; we count every paid notice, so the
figures here are an upper bound). A notice goes paid only once its place is booked on the campaign,
in the transaction that claims it: a crash leaves the booking standing (counted as spent, never
spent twice), and a notice that could not be booked goes at the free rate instead.
"""
from __future__ import annotations

from collections import Counter

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from recalls.models import RecallCampaign

NOTICES_PER_STAR = 10  # 0.1 Star a message


def cost_stars(notices: int) -> float:
    """The most `notices` paid notices can cost, in Stars."""
    return notices / NOTICES_PER_STAR


def notices_for(stars: int) -> int:
    """How many paid notices `stars` pay for."""
    return stars * NOTICES_PER_STAR


def fits(notices: int, max_stars: int) -> bool:
    """Whether sending `notices` paid stays within `max_stars` (0: paid broadcast is off)."""
    return max_stars > 0 and notices <= notices_for(max_stars)


def spent_stars(booked: int) -> str:
    """Stars as an operator reads them: "12.5"."""
    return f"{booked / NOTICES_PER_STAR:g}"


async def urgent_campaigns(conn: AsyncConnection) -> list[int]:
    """Open campaigns sent by paid broadcast, oldest first."""
    c = RecallCampaign
    return list((await conn.execute(select(c.id).where(c.status == "sending", c.paid_max.is_not(None))
                                    .order_by(c.id))).scalars())


async def book(conn: AsyncConnection, wanted: Counter[int]) -> dict[int, int]:
    """Book up to `wanted[campaign]` paid notices on each urgent campaign, within its cap: how many were
    booked, by urgent campaign (campaigns that are not urgent are left out)."""
    c, booked = RecallCampaign, {}
    for campaign_id, count in wanted.items():
        row = (await conn.execute(select(c.paid_max, c.paid_booked).where(c.id == campaign_id)
                                  .with_for_update())).one_or_none()
        if row is None or row.paid_max is None:
            continue
        booked[campaign_id] = min(count, max(0, row.paid_max - row.paid_booked))
        if booked[campaign_id]:
            await conn.execute(update(c).where(c.id == campaign_id)
                               .values(paid_booked=c.paid_booked + booked[campaign_id]))
    return booked


async def give_back(conn: AsyncConnection, unsent: Counter[int]) -> None:
    """Bookings of paid notices that did not go (released unsent) are free again."""
    c = RecallCampaign
    for campaign_id, count in unsent.items():
        await conn.execute(update(c).where(c.id == campaign_id).values(paid_booked=c.paid_booked - count))
