from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("programmes/", views.ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/<slug:slug>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("facilities/", views.FacilityListView.as_view(), name="facility-list"),
    path("facilities/<slug:slug>/", views.FacilityDetailView.as_view(), name="facility-detail"),
    path("donors/", views.DonorListView.as_view(), name="donor-list"),
    path("donors/<slug:slug>/", views.DonorDetailView.as_view(), name="donor-detail"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation-detail"),
    path("countries/", views.CountryListView.as_view(), name="country-list"),
    path("countries/<str:iso2>/", views.CountryDetailView.as_view(), name="country-detail"),
]
