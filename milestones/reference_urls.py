from django.urls import path

from programmes import exports, views

from . import reference_views

# The pages of the reference data: programmes/views.py has those that show only its own models,
# reference_views.py those that show news and events too.
app_name = "programmes"

urlpatterns = [
    path("programmes/", views.ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/csv/", exports.ProgrammeCsvView.as_view(), name="programme-csv"),
    path("programmes/<slug:slug>/", reference_views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("facilities/", views.FacilityListView.as_view(), name="facility-list"),
    path("facilities/csv/", exports.FacilityCsvView.as_view(), name="facility-csv"),
    path("facilities/<slug:slug>/", reference_views.FacilityDetailView.as_view(), name="facility-detail"),
    path("donors/", views.DonorListView.as_view(), name="donor-list"),
    path("donors/csv/", exports.DonorCsvView.as_view(), name="donor-csv"),
    path("donors/<slug:slug>/", reference_views.DonorDetailView.as_view(), name="donor-detail"),
    path("donors/<slug:slug>/report/", reference_views.DonorReportView.as_view(), name="donor-report"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/<slug:slug>/", reference_views.OrganisationDetailView.as_view(), name="organisation-detail"),
    path("countries/", reference_views.CountryListView.as_view(), name="country-list"),
    path("countries/<str:iso2>/", reference_views.CountryDetailView.as_view(), name="country-detail"),
    path("themes/", reference_views.ThemeListView.as_view(), name="theme-list"),
    path("themes/<slug:slug>/", reference_views.ThemeDetailView.as_view(), name="theme-detail"),
]
