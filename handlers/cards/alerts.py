"""What operators are told of an alert: a withdrawn pack seen again (leak), or one code in many hands (clone)."""
from __future__ import annotations

from datetime import datetime

from alerts.service import AlertView
from core.i18n import Translate
from core.languages import zone_for


def alert_card(t: Translate, alert: AlertView, lang: str) -> str:
    """One operator's message about one alert, dates in their language's zone."""
    zone = zone_for(lang)

    def when(moment: datetime | None) -> str:
        return moment.astimezone(zone).strftime("%d.%m.%Y %H:%M") if moment else "—"

    lines = [t(f"alert-{alert.kind}-title"),
             t("alert-product", name=alert.product or "—", gtin=alert.gtin),
             t("alert-batch", batch=alert.batch or "—"),
             t("alert-serial", serial=alert.serial)]
    if alert.kind == "leak":
        lines.append(t("alert-withdrawn", reason=alert.reason or "other", date=when(alert.withdrawn_at)))
        if alert.institution:
            lines.append(t("alert-institution", name=alert.institution))
    else:
        lines.append(t("alert-clone-users", users=alert.users or 0))
    lines.append(t("alert-checked", date=when(alert.checked_at)))
    if alert.location:
        lines.append(t("alert-location", place=alert.location))
    lines.append(t(f"alert-{alert.kind}-help"))
    return "\n".join(lines)
