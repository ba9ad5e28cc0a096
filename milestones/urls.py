from django.urls import path

from . import exports, feeds, views

app_name = "milestones"

urlpatterns = [
    path("", views.home, name="home"),
    path("news/", views.StoryListView.as_view(), name="story-list"),
    path("news/feed/", feeds.StoryFeed(), name="story-feed-rss"),
    path("news/feed/atom/", feeds.AtomStoryFeed(), name="story-feed-atom"),
    path("news/csv/", exports.StoryCsvView.as_view(), name="story-csv"),
    path("news/<slug:slug>/", views.StoryDetailView.as_view(), name="story-detail"),
    path("bulletins/", views.BulletinListView.as_view(), name="bulletin-list"),
    path("bulletins/<slug:slug>/", views.BulletinDetailView.as_view(), name="bulletin-detail"),
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/feed/", feeds.EventFeed(), name="event-feed-rss"),
    path("events/feed/atom/", feeds.AtomEventFeed(), name="event-feed-atom"),
    path("events/csv/", exports.EventCsvView.as_view(), name="event-csv"),
    path("events/ical/", views.EventCalendarView.as_view(), name="event-calendar"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
    path("events/<slug:slug>/ical/", views.event_calendar, name="event-detail-calendar"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("results/", views.ResultListView.as_view(), name="result-list"),
    path("quotes/", views.QuoteListView.as_view(), name="quote-list"),
    path("quotes/<int:pk>/", views.QuoteDetailView.as_view(), name="quote-detail"),
    path("countries/<str:iso2>/feed/", feeds.CountryStoryFeed(), name="country-feed-rss"),
    path("countries/<str:iso2>/feed/atom/", feeds.AtomCountryStoryFeed(), name="country-feed-atom"),
    path("programmes/<slug:slug>/feed/", feeds.ProgrammeStoryFeed(), name="programme-feed-rss"),
    path("programmes/<slug:slug>/feed/atom/", feeds.AtomProgrammeStoryFeed(), name="programme-feed-atom"),
    path("search/", views.search, name="search"),
    path("api/", views.api_guide, name="api-guide"),
    path("publications/", views.PublicationListView.as_view(), name="publication-list"),
    path("publications/feed/", feeds.PublicationFeed(), name="publication-feed-rss"),
    path("publications/feed/atom/", feeds.AtomPublicationFeed(), name="publication-feed-atom"),
    path("publications/<slug:slug>/", views.PublicationDetailView.as_view(), name="publication-detail"),
    path("publications/<slug:slug>/download/", views.publication_download, name="publication-download"),
    path("themes/<slug:slug>/feed/", feeds.ThemeStoryFeed(), name="theme-feed-rss"),
    path("themes/<slug:slug>/feed/atom/", feeds.AtomThemeStoryFeed(), name="theme-feed-atom"),
]
