"""Recalls: the notice a citizen receives, and the campaign's progress the operator watches.

The recall sender (bot/jobs/broadcast.py) sends these; the recall conversation (handlers/recall.py)
may show the same notice to the operator before it goes.
"""
from __future__ import annotations

from core.i18n import Translator
from handlers.register_words import recall_reason_words
from recalls.campaigns import CampaignInfo, Draft
from recalls.sender import Progress

# ----------------------------------------------------------------------------- notices and progress

def notice_text(i18n: Translator, campaign: CampaignInfo | Draft, lang: str, audience: str) -> str:
    """The message a citizen receives, in their language: from a campaign being sent, or from an
    operator's draft (to show them what citizens will read)."""
    t = i18n.bind(lang)
    batches = (t("recall-notice-batches", batches=", ".join(campaign.batches)) if campaign.batches
               else t("recall-notice-all-batches"))
    lines = [
        t("recall-notice-title", name=campaign.product_name or campaign.gtin),
        t("recall-notice-product", gtin=campaign.gtin) + "\n" + batches,
        t("recall-notice-reason", reason=recall_reason_words(t, campaign.reason),
          severity=t("recall-severity-label", severity=campaign.severity)),
    ]
    notice = campaign.notices.get(lang) or campaign.notice  # that language's own text, else the one for all
    if notice:
        lines.append(t("recall-notice-text", notice=notice))
    lines.append(t(f"recall-why-{audience}") + "\n" + t("recall-notice-footer"))
    return "\n\n".join(lines)


def progress_text(i18n: Translator, lang: str, progress: Progress) -> str:
    """The operator's message about their campaign: counts while it sends, the report once it is done."""
    c = progress.counts
    minutes, seconds = divmod(int(progress.elapsed_s), 60)
    if progress.final:
        return i18n(lang, "recall-report", id=c.campaign_id, total=c.total, sent=c.sent, failed=c.failed,
                    blocked=c.blocked, duration=f"{minutes}:{seconds:02d}")
    return i18n(lang, "recall-progress", id=c.campaign_id, total=c.total, sent=c.sent, failed=c.failed + c.blocked,
                left=c.left, rate=f"{progress.rate:.1f}")
