from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import get_language, npgettext, npgettext_lazy
from django.views.generic import ListView

from unodc_portal.lists import FilteredListView
from unodc_portal.remembered import remembered
from unodc_portal.translations import in_reading_language

from . import queries
from .filters import FacilityFilter
from .ledger import funding_overview
from .models import Facility, Organisation, Programme
from .region_map import FacilityMap


class ProgrammeListView(ListView):
    context_object_name = "programmes"
    template_name = "programmes/programme_list.html"

    def get_queryset(self):
        return (
            Programme.objects.filter(parent__isnull=True)
            .prefetch_related(
                "countries",
                Prefetch("children", queryset=Programme.objects.prefetch_related("countries", "children")),
            )
            .order_by(in_reading_language("title"))
        )

    def get_context_data(self, **kwargs):
        # The file has every programme, those below the second level too (exports.py): counted
        # once while the reference data does not change.
        count = remembered(("count", "all programmes"), Programme.objects.count, topics=("reference",))
        link = npgettext(
            "link to the programmes list as a CSV file",
            "Download this %(count)s programme as CSV",
            "Download all %(count)s programmes as CSV",
            count,
        )
        return super().get_context_data(
            csv_url=reverse("programmes:programme-csv") if count else None,
            csv_link_text=link % {"count": count},
            **kwargs,
        )


class FacilityListView(FilteredListView):
    filterset_class = FacilityFilter
    context_object_name = "facilities"
    template_name = "programmes/facility_list.html"
    paginate_by = 50
    results_count = npgettext_lazy("number of facilities in a list", "%(count)s result", "%(count)s results", "count")
    export_url_name = "programmes:facility-csv"
    export_link_text = npgettext_lazy(
        "link to the facilities list as a CSV file",
        "Download this %(count)s facility as CSV",
        "Download these %(count)s facilities as CSV",
        "count",
    )

    def get_queryset(self):
        return Facility.objects.select_related("country", "border_country", "programme")

    def get_context_data(self, **kwargs):
        # Every facility the filters keep, not only this page's: the map shows them all.
        return super().get_context_data(
            facility_map=FacilityMap.kept(
                ("list", self.filterset.state()), self.filterset.qs.select_related(None).order_by("name", "pk")
            ),
            **kwargs,
        )


class DonorListView(ListView):
    context_object_name = "donors"
    template_name = "programmes/donor_list.html"

    def get_queryset(self):
        return queries.donors_listed()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The rows the page shows anyway: len() reads them once, and the template reuses them.
        count = len(context["donors"])
        # Who funds how much: every contribution through the ledger's rules, worked out once per
        # language (the chart's words are in the reader's) while the reference data does not
        # change, as a list's counts.
        context["ledger"], context["overview"] = remembered(
            ("donor-overview", get_language()), funding_overview, topics=("reference",)
        )
        if count:
            context["csv_url"] = reverse("programmes:donor-csv")
            context["csv_link_text"] = npgettext(
                "link to the donors list as a CSV file",
                "Download this %(count)s donor as CSV",
                "Download these %(count)s donors as CSV",
                count,
            ) % {"count": count}
        return context


class OrganisationListView(ListView):
    context_object_name = "organisations"
    template_name = "programmes/organisation_list.html"

    def get_queryset(self):
        return Organisation.objects.select_related("country").grouped_by_kind()
