"""Words the register and its feeds write in one language (a dosage form, a recall reason), in the reader's.

The one place that maps them: a word we have a locale key for is translated, any other is shown as
the register wrote it (a register may always invent a new spelling).
"""
from __future__ import annotations

from core.i18n import Translate
from recalls.campaigns import reason_code
from register.normalize import search_key

# The `form-*` key of a dosage form, and the spellings registers and catalogues use for it.
FORMS = {
    "tablets": ("tablets", "tablet", "tabletkalar", "tabletka", "таблетки", "таблетка", "таблеткалар"),
    "film-coated-tablets": ("film-coated tablets", "таблетки, покрытые пленочной оболочкой",
                            "таблетки покрытые пленочной оболочкой", "plyonka qobiq bilan qoplangan tabletkalar"),
    "prolonged-release-tablets": ("prolonged-release tablets", "таблетки пролонгированного действия",
                                  "таблетки с пролонгированным высвобождением"),
    "capsules": ("capsules", "kapsulalar", "капсулы", "капсулалар"),
    "solution-for-injection": ("solution for injection", "раствор для инъекций", "inyeksiya uchun eritma"),
    "powder-for-injection": ("powder for injection", "порошок для инъекций",
                             "порошок для приготовления раствора для инъекций", "inyeksiya uchun kukun"),
    "inhalation-aerosol": ("inhalation aerosol", "аэрозоль для ингаляций", "ingalyatsiya uchun aerozol"),
    "syrup": ("syrup", "sirop", "сироп"),
    "ointment": ("ointment", "мазь", "malham", "surtma"),
    "drops": ("drops", "капли", "tomchilar"),
    "suspension": ("suspension", "суспензия", "suspenziya"),
    "suppositories": ("suppositories", "суппозитории", "свечи", "shamchalar"),
}
_FORM_KEYS = {search_key(spelling): key for key, spellings in FORMS.items() for spelling in spellings}


def form_words(t: Translate, form: str | None) -> str | None:
    """A dosage form in the reader's language, or as the register wrote it."""
    key = _FORM_KEYS.get(search_key(form))
    return t(f"form-{key}") if key else form


def recall_reason_words(t: Translate, reason: str) -> str:
    """A recall reason (an operator's button or the feed's words) in the reader's language, or as written."""
    code = reason_code(reason)
    return t(f"recall-reason-{code}") if code else reason
