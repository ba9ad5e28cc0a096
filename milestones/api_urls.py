from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from unodc_portal.api import PublicApiView

from . import api

# The JSON API, under /api/v1/ in every language (unodc_portal/urls.py): its texts are the stored
# English with each Russian version beside it, so it has no /ru/ addresses.
app_name = "api"


class OpenApiDocument(PublicApiView, SpectacularJSONAPIView):
    """The OpenAPI 3 document of the API, generated from its code (drf-spectacular): the filters'
    options are read from the database, so it is a page like the others for the page cache."""


urlpatterns = [
    path("openapi.json", OpenApiDocument.as_view(), name="openapi"),
    path("events/", api.EventList.as_view(), name="event-list"),
    path("events/<slug:slug>/", api.EventDetail.as_view(), name="event-detail"),
    path("stories/", api.StoryList.as_view(), name="story-list"),
    path("stories/<slug:slug>/", api.StoryDetail.as_view(), name="story-detail"),
    path("editions/", api.BulletinList.as_view(), name="bulletin-list"),
    path("editions/<slug:slug>/", api.BulletinDetail.as_view(), name="bulletin-detail"),
    path("publications/", api.PublicationList.as_view(), name="publication-list"),
    path("publications/<slug:slug>/", api.PublicationDetail.as_view(), name="publication-detail"),
    path("programmes/", api.ProgrammeList.as_view(), name="programme-list"),
    path("programmes/<slug:slug>/", api.ProgrammeDetail.as_view(), name="programme-detail"),
    path("facilities/", api.FacilityList.as_view(), name="facility-list"),
    path("facilities/<slug:slug>/", api.FacilityDetail.as_view(), name="facility-detail"),
    path("organisations/", api.OrganisationList.as_view(), name="organisation-list"),
    path("organisations/<slug:slug>/", api.OrganisationDetail.as_view(), name="organisation-detail"),
    path("donors/", api.DonorList.as_view(), name="donor-list"),
    path("contributions/", api.ContributionList.as_view(), name="contribution-list"),
    path("contributions/<str:pk>/", api.ContributionDetail.as_view(), name="contribution-detail"),
    path("countries/", api.CountryList.as_view(), name="country-list"),
    path("countries/<str:code>/", api.CountryDetail.as_view(), name="country-detail"),
    path("themes/", api.ThemeList.as_view(), name="theme-list"),
    path("themes/<slug:slug>/", api.ThemeDetail.as_view(), name="theme-detail"),
    path("people/", api.PersonList.as_view(), name="person-list"),
    path("people/<slug:slug>/", api.PersonDetail.as_view(), name="person-detail"),
    path("quotes/", api.QuoteList.as_view(), name="quote-list"),
    path("quotes/<str:pk>/", api.QuoteDetail.as_view(), name="quote-detail"),
    path("figures/", api.FigureList.as_view(), name="figure-list"),
    path("figures/<str:pk>/", api.FigureDetail.as_view(), name="figure-detail"),
]
