"""The read-only JSON API under /api/v1/ (issue 19): the pieces every endpoint shares, built on
Django REST framework. The endpoints themselves are in milestones/api.py, which sees both apps.

Decisions, written once here:

- The lists are the HTML lists' own querysets, filtered by the lists' own FilterSets (through
  django-filter's DjangoFilterBackend), in the same order; a filter value that is no option is a
  400 with the FilterSet's message, as for the CSV files (the page reports it and ignores it).
- Page numbers as on the site (`?page=2`), `?page_size=` up to MAX_PAGE_SIZE; a malformed page
  or page size is a 400, a page after the last a 404, each with a JSON `detail`.
- Answers are pages like any other for the page cache (unodc_portal/page_cache.py): stored under
  the content version for anonymous readers, with an ETag, answered 304 on If-None-Match, never
  stale after a change. One renderer only (JSON), so
  the same address always gives the same bytes whatever the Accept header says.
- The items of a page of a list are kept like the pages' cards (KeptItemsList,
  unodc_portal/fragments.py): after a save, a page reads and serializes only the items that
  changed. Each serializer says whether its items can be kept (`Meta.kept_with`).
- A query string in another form than the canonical one (unodc_portal/canonical.py: the filters
  in the list's order, values sorted) is answered, not redirected as pages are (a program should
  not need to follow redirects to get data), but it is not stored: `Cache-Control: private`. So
  junk query strings cannot fill the cache, as with pages.
- Language-neutral: /api/v1/ is outside the language prefixes, so texts are the stored English,
  and each text that has a Russian version also comes as `<name>_ru` (null while not translated:
  for an article, until all its texts are; for a name, while it has none).
- `Access-Control-Allow-Origin: *` on every answer: the API is public and read-only. It is set by
  the views themselves, not only by django-cors-headers (which answers the preflight requests and
  adds it when a request names its origin): a page stored by the page cache is served to every
  reader, with or without an Origin header, so the header has to be part of the stored page.
"""

from functools import partial

from django.conf import settings
from django.core.paginator import InvalidPage
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.cache import patch_cache_control
from django_filters import CharFilter, MultipleChoiceFilter
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer

from unodc_portal.addresses import detail_url
from unodc_portal.canonical import canonical_query
from unodc_portal.facets import MAX_VALUES_PER_FILTER, FacetedFilterSet
from unodc_portal.fragments import PageRows, kept_for_rows
from unodc_portal.lists import CountRememberingPaginator
from unodc_portal.partial_dates import DatePrecision
from unodc_portal.templatetags.portal import JSON_SCRIPT_ESCAPES
from unodc_portal.translations import column

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
RUSSIAN = "ru"


def positive_number(value):
    """A page number or size as written by a program: digits only, at least 1; else None."""
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        return None
    return int(value)


class KeptFilterSetBackend(DjangoFilterBackend):
    """django-filter's backend, which also leaves the view the FilterSet it filtered with, for
    the pagination (ApiPagination)."""

    def get_filterset(self, request, queryset, view):
        view.filterset = super().get_filterset(request, queryset, view)
        return view.filterset


class ApiPagination(PageNumberPagination):
    """Pages of DEFAULT_PAGE_SIZE items (`?page_size=` up to MAX_PAGE_SIZE), with the count and
    the addresses of the next and previous pages. A malformed page number or size is a 400, not
    quietly the first page or the largest size: a program would otherwise read the wrong rows."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_size_query_description = f"Items per page, 1 to {MAX_PAGE_SIZE} ({DEFAULT_PAGE_SIZE} if not given)."
    page_query_description = "The page, from 1."

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        size = positive_number(value)
        if size is None or size > self.max_page_size:
            raise ValidationError({self.page_size_query_param: [f"Give a whole number from 1 to {MAX_PAGE_SIZE}."]})
        return size

    def get_page_number(self, request, paginator):
        value = request.query_params.get(self.page_query_param, "1")
        number = positive_number(value)
        if number is None:
            raise ValidationError({self.page_query_param: ["Give a whole number from 1."]})
        return number

    def paginate_queryset(self, queryset, request, view=None):
        """The page's rows as the paginator gives them, not read into a list as DRF's does: a
        page of a filtered list is a fragments.PageRows, whose rows are read only for the items
        not kept (KeptItemsList)."""
        self.request, self.view = request, view
        filterset = getattr(view, "filterset", None)
        if isinstance(filterset, FacetedFilterSet):
            # Counted once per content version and filters, and read by ids, as the page it
            # mirrors is: the same count, under the same key.
            self.django_paginator_class = partial(CountRememberingPaginator, filterset=filterset)
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        try:
            self.page = paginator.page(self.get_page_number(request, paginator))
        except InvalidPage:
            raise NotFound("There is no such page: the list has fewer pages.") from None
        return self.page.object_list

    def get_next_link(self):
        return self.page_link(self.page.next_page_number()) if self.page.has_next() else None

    def get_previous_link(self):
        return self.page_link(self.page.previous_page_number()) if self.page.has_previous() else None

    def page_link(self, number):
        """The address of another page of the list, its query string in the canonical form (so
        that following the links reads stored pages; DRF's own sorts the parameters by name)."""
        query = self.request.GET.copy()
        query.pop(self.page_query_param, None)
        if number > 1:
            query[self.page_query_param] = str(number)
        canonical = canonical_query(query, type(self.view))
        return self.request.build_absolute_uri(self.request.path) + (f"?{canonical}" if canonical else "")

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = MAX_PAGE_SIZE
        return parameters


class MarkupFreeJSONRenderer(JSONRenderer):
    """JSON with <, > and & written as \\u escapes, which a JSON reader reads as the same
    characters: an answer that repeats what a client sent (the value of a filter it refused) never
    holds markup, whatever a browser or a proxy makes of the body. The same escapes as the
    pages' JSON-LD."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        body = super().render(data, accepted_media_type, renderer_context)
        return body.decode().translate(JSON_SCRIPT_ESCAPES).encode()


class PublicApiView:
    """What every endpoint does besides DRF's own work (see the module's docstring): the CORS
    header, and no storing of a query string that is not in its canonical form."""

    # Read by unodc_portal.canonical: the pages' redirect to the canonical query string is left
    # out for the API, which answers and does not store instead.
    redirects_to_canonical_query = False
    query_parameters = ()
    http_method_names = ["get", "head", "options"]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        query = request.META.get("QUERY_STRING", "")
        if query and canonical_query(request.GET, type(self)) != query:
            patch_cache_control(response, private=True)
        return response


class ListQueryParameters:
    """The page parameters a list reads besides its filters, for the canonical query string."""

    query_parameters = ("page", "page_size")


class KeptItemsList:
    """A list endpoint whose items are kept like the pages' cards (fragments.py): each item as
    its serializer gives it, under the item's last change, so that after a save a page of the
    list reads and serializes only the items that changed. For serializers that say so with
    `Meta.kept_with`: the keys to rows of a scheduled model the item shows while they are live
    (an event's main event), () for none. Such a serializer reads nothing else but the item, its
    parts and links, and reference data (fragments.kept_for_rows()); the others are made on
    every request."""

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.items(page))

    def items(self, page):
        serializer_class = self.get_serializer_class()
        linked = getattr(serializer_class.Meta, "kept_with", None)
        if linked is None or not isinstance(page, PageRows) or not page:
            return self.get_serializer(page, many=True).data
        # One serializer gives every item, as DRF's list serializer does: its fields are built
        # once. Items hold full addresses: the scheme, host and script prefix are part of what
        # they are made with.
        item = serializer_class(context=self.get_serializer_context())
        where = self.request.build_absolute_uri(get_script_prefix())
        what = (serializer_class.__qualname__, where, translation.get_language())
        return kept_for_rows(page, what, item.to_representation, linked=linked)


class FilterOptionsExtension(DjangoFilterExtension):
    """The filters in the OpenAPI document with their options: drf-spectacular leaves out the
    options of a filter whose choices come from a function (countries, programmes, kinds of
    event...), since the function may read the database. Ours do, once per content version
    (unodc_portal/facets.py), and the document is a page stored under the version like the
    others: it lists exactly the values the filters take at the moment."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        choices = filter_field.extra.get("choices")
        if not (callable(choices) and isinstance(filter_field, MultipleChoiceFilter)):
            parameters = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
            if isinstance(filter_field, CharFilter):
                for parameter in parameters:
                    text_limits(parameter["schema"], filter_field.extra.get("max_length"))
            return parameters
        options = [(str(value), str(label)) for value, label in choices()]
        listed = "\n".join(f"* `{value}` - {label}" for value, label in options)
        parameter = build_parameter_type(
            name=field_name,
            location=OpenApiParameter.QUERY,
            description=f"{filter_field.label}: one or more of (repeat the parameter for several)\n\n{listed}",
            schema=build_array_type(build_basic_type(OpenApiTypes.STR)),
            explode=True,
            style="form",
        )
        # Even none: a vocabulary nothing uses yet (series of events) takes no value at all.
        parameter["schema"]["items"]["enum"] = [value for value, _label in options]
        parameter["schema"]["maxItems"] = MAX_VALUES_PER_FILTER
        return [parameter]


def text_limits(schema, max_length):
    """A free-text filter's limits: its length, and no NUL character, which the site refuses in
    any address (unodc_portal/middleware.py)."""
    if max_length:
        schema["maxLength"] = max_length
    schema["pattern"] = "^[^\\u0000]*$"


# --- Fields ---------------------------------------------------------------------------------


@extend_schema_field({"type": "string", "nullable": True})
class RussianText(serializers.Field):
    """The Russian version of the item's text `name`, or null where readers of /ru/ pages get the
    English: an article (a story, an event, an edition, a publication) until all its texts are
    translated, a name or a description while it has no translation (unodc_portal/translations.py)."""

    def __init__(self, name, **kwargs):
        self.text = name
        kwargs.setdefault("help_text", "The Russian text, or null while it is not translated.")
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, item):
        if item.translated_as_a_whole and not item.has_translation(RUSSIAN):
            return None
        return getattr(item, column(self.text, RUSSIAN)) or None


# A serializer whose `Meta.translated` texts also come in Russian, as `<name>_ru` after them. (A
# comment, not a docstring: the OpenAPI document would give it as every item's description.)
class TranslatedSerializer(serializers.Serializer):
    def get_fields(self):
        fields = super().get_fields()
        translated = getattr(getattr(self, "Meta", None), "translated", ())
        result = {}
        for name, field in fields.items():
            result[name] = field
            if name in translated:
                result[column(name, RUSSIAN)] = RussianText(name)
        return result


class TranslatedModelSerializer(TranslatedSerializer, serializers.ModelSerializer):
    pass


@extend_schema_field({"type": "string", "format": "uri"})
class PageUrl(serializers.Field):
    """The full address of the item's public page (in English; /ru/ before the path gives Russian)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "The item's page on the site.")
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, item):
        return self.context["request"].build_absolute_uri(item.get_absolute_url())


@extend_schema_field({"type": "string", "format": "uri"})
class ApiUrl(serializers.Field):
    """The full address of the item in the API: `view_name` with the item's `key` attribute."""

    def __init__(self, view_name, key="slug", **kwargs):
        self.view_name = view_name
        self.key = key
        kwargs.setdefault("help_text", "The item in this API.")
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, item):
        return self.context["request"].build_absolute_uri(detail_url(self.view_name, str(getattr(item, self.key))))


class PartialDateSerializer(serializers.Serializer):
    """A date as the source gives it (unodc_portal/partial_dates.py): its first and last day, how
    much of it is known, and the words the page shows. A date the source does not state has no
    days, only the month it is listed under (events, archive stories)."""

    start = serializers.DateField(
        allow_null=True, help_text="First day of the period the date stands for; null when not stated."
    )
    end = serializers.DateField(
        allow_null=True,
        help_text="Last day given for an item over several days (months, years); null for one day.",
    )
    precision = serializers.ChoiceField(
        choices=DatePrecision.choices, help_text="How much of the date the source gives."
    )
    iso = serializers.CharField(
        allow_null=True, help_text="As much of the date as is known: 2016-11-17, 2016-11 or 2016; null when not stated."
    )
    as_shown = serializers.CharField(help_text="The date in the words of the page: '17–18 November 2016'.")
    listed_under = serializers.CharField(
        allow_null=True, help_text="For a date not stated: the month (2016-11) the item is listed under."
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)  # no date at all (a facility's opening, say)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        when = super().get_attribute(instance)
        return when if (when or not when.stated) else None

    def to_representation(self, when):
        start = getattr(when, "start", when)  # a PartialDateRange, or a PartialDate
        end = getattr(when, "end", None)
        stated = start.stated
        return {
            "start": start.date.isoformat() if stated else None,
            "end": end.date.isoformat() if stated and end and end.date and end.date != start.date else None,
            "precision": str(start.precision),
            "iso": when.iso or None,
            "as_shown": when.display,
            "listed_under": None if stated or start.date is None else start.date.strftime("%Y-%m"),
        }


QUALIFIER_HELP = "The source's word for the number: exact, approximately, more-than, less-than or up-to."


def name_the_licence(result, generator, request, public):
    """drf-spectacular's last step: the document's `info.license` is the office's chosen licence
    (settings.OPEN_DATA_LICENCE_*), and absent while none is chosen (the field is optional, and
    naming one the office has not chosen would be inventing it)."""
    if settings.OPEN_DATA_LICENCE_NAME:
        licence = {"name": settings.OPEN_DATA_LICENCE_NAME}
        if settings.OPEN_DATA_LICENCE_URL:
            licence["url"] = settings.OPEN_DATA_LICENCE_URL
        result["info"]["license"] = licence
    else:
        result["info"].pop("license", None)
    return result
