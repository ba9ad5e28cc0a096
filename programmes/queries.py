"""Reads that combine several models for the public pages."""

from django.db.models import Count, Exists, OuterRef, Q

from unodc_portal.remembered import remembered
from unodc_portal.translations import in_reading_language

from .ledger import Ledger
from .models import Contribution, FacilityFunding, Organisation, Programme


def donors():
    """Organisations that fund something: a programme directly, or a programme component."""
    component_links = FacilityFunding.component_donors.through.objects.filter(organisation=OuterRef("pk"))
    return Organisation.objects.filter(
        Q(Exists(Contribution.objects.filter(donor=OuterRef("pk")))) | Q(Exists(component_links))
    )


def donors_listed():
    """The donors as /donors/ lists them (and its CSV file and the API): by name in the reader's
    language, with how many contributions and programme components each is named for."""
    return (
        donors()
        .select_related("country")
        .annotate(
            contribution_count=Count("contributions", distinct=True),
            component_count=Count("funded_components", distinct=True),
        )
        .order_by(in_reading_language("name"))
    )


def programme_ancestry():
    """(programme id, ancestor id) for every programme and each programme above it, itself
    included: the whole tree in one query, walked in Python (it holds hundreds of rows, so
    this is simpler and faster than a recursive query). A loop an editor might make by
    choosing a sub-programme as an ancestor ends the walk instead of running forever.
    Read once per content version: lists and programme pages ask for it several times."""
    return remembered(("programme ancestry",), walk_programme_tree, topics=("reference",))


def walk_programme_tree():
    parents = dict(Programme.objects.values_list("pk", "parent_id"))
    pairs = []
    for pk in parents:
        seen, current = set(), pk
        while current is not None and current not in seen:
            seen.add(current)
            pairs.append((pk, current))
            current = parents.get(current)
    return tuple(pairs)  # shared by every request of the version: it must not be changed


def programme_ids_with_descendants(programme_ids):
    """The given programmes and every sub-programme, project or segment below them."""
    wanted = set(programme_ids)
    return {pk for pk, ancestor in programme_ancestry() if ancestor in wanted} | wanted


def funding_by_donor(*, programme_ids):
    """The funding ledger (ledger.py) of the contributions to these programmes (a programme and
    those below it), in donor order: `.by_donor()` groups it, each donor with its own totals."""
    contributions = (
        Contribution.objects.filter(programme__in=programme_ids)
        .select_related("donor", "programme")
        .order_by(in_reading_language("donor__name"), "-date", "pk")
    )
    return Ledger(contributions)
