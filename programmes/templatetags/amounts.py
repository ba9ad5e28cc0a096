"""Money as the sources report it."""

from django import template
from django.utils.translation import gettext

from programmes.models import reported_figure

register = template.Library()


@register.simple_tag
def amount(reported, column=""):
    """An amount as the source reports it (a Contribution or a FacilityFunding): the words such as
    "approximately" kept, in its own currency, with the USD equivalent only as the source gives it.

    In running text (no column): "more than 10,000,000 KGS (147,000 USD)", "2,500,000 USD" when only
    the USD equivalent is known, nothing when the source names no amount; `{% amount item as money %}`
    lets the sentence read differently then. A table gives each figure its own column:
    column="amount" is "263,000,000 JPY" or "not reported", column="usd" the USD figure or "—".
    """
    original = reported_figure(reported.amount, reported.amount_qualifier, reported.get_amount_qualifier_display)
    if original:
        original = f"{original} {reported.currency}"
    usd = reported_figure(reported.amount_usd, reported.amount_usd_qualifier, reported.get_amount_usd_qualifier_display)
    if column == "amount":
        return original or gettext("not reported")
    if column == "usd":
        return usd or "—"
    if original and usd:
        return f"{original} ({usd} USD)"
    return original or (f"{usd} USD" if usd else "")
