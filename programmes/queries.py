"""Reads that combine several models for the public pages."""

from django.db.models import Exists, OuterRef, Q

from .models import Contribution, FacilityFunding, Organisation, Programme


def donors():
    """Organisations that fund something: a programme directly, or a programme component."""
    component_links = FacilityFunding.component_donors.through.objects.filter(organisation=OuterRef("pk"))
    return Organisation.objects.filter(
        Q(Exists(Contribution.objects.filter(donor=OuterRef("pk")))) | Q(Exists(component_links))
    )


def programme_ids_with_descendants(programme_ids):
    """The given programmes and every sub-programme, project or segment below them.

    The programme tree is small (hundreds of rows), so one query for all parent links and a
    walk in Python is simpler and faster than a recursive query per request.
    """
    children = {}
    for pk, parent_id in Programme.objects.filter(parent__isnull=False).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found = set()
    pending = list(programme_ids)
    while pending:
        pk = pending.pop()
        if pk not in found:
            found.add(pk)
            pending.extend(children.get(pk, ()))
    return found


def funding_by_donor(*, programme_ids):
    """The contributions to these programmes (a programme and those below it), grouped by donor.

    Returns a list of {"donor", "contributions", "total_usd"} in donor order; total_usd is the
    sum of the USD equivalents the sources report, or None when none is reported.
    """
    contributions = (
        Contribution.objects.filter(programme__in=programme_ids)
        .select_related("donor", "programme", "reported_in")
        .order_by("donor__name", "-date", "pk")
    )
    rows = {}
    for contribution in contributions:
        row = rows.setdefault(
            contribution.donor_id, {"donor": contribution.donor, "contributions": [], "total_usd": None}
        )
        row["contributions"].append(contribution)
        if contribution.amount_usd is not None:
            row["total_usd"] = (row["total_usd"] or 0) + contribution.amount_usd
    return list(rows.values())
