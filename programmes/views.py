from django.db.models import Count, Prefetch
from django.utils.translation import npgettext_lazy
from django.views.generic import ListView

from unodc_portal.lists import FilteredListView
from unodc_portal.translations import in_reading_language

from . import queries
from .filters import FacilityFilter
from .models import Facility, Organisation, Programme


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


class FacilityListView(FilteredListView):
    filterset_class = FacilityFilter
    context_object_name = "facilities"
    template_name = "programmes/facility_list.html"
    paginate_by = 50
    results_count = npgettext_lazy("number of facilities in a list", "%(count)s result", "%(count)s results", "count")

    def get_queryset(self):
        return Facility.objects.select_related("country", "border_country", "programme")


class DonorListView(ListView):
    context_object_name = "donors"
    template_name = "programmes/donor_list.html"

    def get_queryset(self):
        return (
            queries.donors()
            .select_related("country")
            .annotate(
                contribution_count=Count("contributions", distinct=True),
                component_count=Count("funded_components", distinct=True),
            )
            .order_by(in_reading_language("name"))
        )


class OrganisationListView(ListView):
    context_object_name = "organisations"
    template_name = "programmes/organisation_list.html"

    def get_queryset(self):
        return Organisation.objects.select_related("country").grouped_by_kind()
