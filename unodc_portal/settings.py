"""
Settings for the UNODC Central Asia "Milestones" portal.

Everything that differs between a laptop, staging and production is read from the
environment in the first section below; the rest of the file only uses those values.
README.md lists every variable with its meaning and default.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

TRUE_VALUES = {"1", "true", "on"}
FALSE_VALUES = {"0", "false", "off"}


def env_str(name, default=""):
    return os.environ.get(name, default).strip()


def env_bool(name, default=False):
    """Read a yes/no switch strictly: a value we cannot read is an error, not False."""
    raw = env_str(name).lower()
    if not raw:
        return default
    if raw in TRUE_VALUES:
        return True
    if raw in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a switch; use one of 1, true, on, 0, false, off.")


def env_list(name, default=()):
    raw = env_str(name)
    if not raw:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name, default):
    raw = env_str(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def local_secret_key():
    """A random key generated once for this checkout and kept in var/ (which git ignores)."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


# --- Environment -------------------------------------------------------------------------

# "production" turns on the strict checks below; anything else is a local or test setup.
DJANGO_ENV = env_str("DJANGO_ENV", "development").lower()
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV={DJANGO_ENV!r} must be 'development' or 'production'.")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
DATABASE_URL = env_str("DATABASE_URL")
# A streaming replica of that PostgreSQL database, for anonymous readers' pages (unodc_portal/replica.py).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
REDIS_URL = env_str("REDIS_URL")
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT") or VAR_DIR / "media")
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
DATABASE_CONN_MAX_AGE = env_int("DATABASE_CONN_MAX_AGE", 60)
# The app serves uploaded images itself unless a proxy in front does (the usual production setup).
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", default=not PRODUCTION)
# Where the admin lives: a less obvious address keeps casual scanners away from the login page.
ADMIN_PATH = env_str("DJANGO_ADMIN_PATH", "admin").strip("/") + "/"
# How many proxies in front of the app append to X-Forwarded-For (0: use the connection's address).
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 1 if PRODUCTION else 0)
# Anonymous requests per client address and window to the API and to the CSV and calendar files
# (unodc_portal/rate_limits.py); 0 lifts a limit.
API_RATE_LIMIT = env_int("DJANGO_API_RATE_LIMIT", 120)
EXPORT_RATE_LIMIT = env_int("DJANGO_EXPORT_RATE_LIMIT", 30)
RATE_LIMIT_WINDOW = env_int("DJANGO_RATE_LIMIT_WINDOW", 60)
# The licence the office publishes its open data under (the API, the CSV and calendar files), named
# on /api/ and in the OpenAPI document. The office chooses it; until it does, /api/ says that none
# has been chosen.
OPEN_DATA_LICENCE_NAME = env_str("DJANGO_OPEN_DATA_LICENCE_NAME")
OPEN_DATA_LICENCE_URL = env_str("DJANGO_OPEN_DATA_LICENCE_URL")
if OPEN_DATA_LICENCE_URL and not (OPEN_DATA_LICENCE_NAME and OPEN_DATA_LICENCE_URL.startswith("https://")):
    raise ImproperlyConfigured(
        "DJANGO_OPEN_DATA_LICENCE_URL must be an https:// address, given with DJANGO_OPEN_DATA_LICENCE_NAME."
    )
if API_RATE_LIMIT < 0 or EXPORT_RATE_LIMIT < 0 or RATE_LIMIT_WINDOW < 1:
    raise ImproperlyConfigured(
        "DJANGO_API_RATE_LIMIT and DJANGO_EXPORT_RATE_LIMIT must be 0 or more, DJANGO_RATE_LIMIT_WINDOW 1 or more."
    )

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DJANGO_DEBUG must be off when DJANGO_ENV=production.")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters when DJANGO_ENV=production."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the site's host names when DJANGO_ENV=production.")
    if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgres://...) when DJANGO_ENV=production.")
else:
    SECRET_KEY = SECRET_KEY or local_secret_key()
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]

SITE_NAME = "Milestones · UNODC Regional Office for Central Asia"

# --- Applications ------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    # The read-only JSON API under /api/v1/ (milestones/api.py), its OpenAPI document, and CORS
    # for it alone.
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    "axes",
    # Revision history of what editors publish and of the reference data (unodc_portal/revisions.py).
    "reversion",
    "unodc_portal",
    "programmes",
    "milestones.apps.MilestonesConfig",
]

MIDDLEWARE = [
    "unodc_portal.middleware.RequestLogMiddleware",
    # Early, so that a cached page skips everything below: what the middleware below adds
    # (security headers, compression, redirects to HTTPS, the ETag) is stored with the page,
    # per scheme and per encoding, and hits answer conditional requests themselves
    # (unodc_portal/page_cache.py).
    "unodc_portal.page_cache.AnonymousPageCacheMiddleware",
    # The content version state each request for a page starts in, before any row is read.
    "unodc_portal.fragments.RequestStateMiddleware",
    # Before anything that may answer with a page (a 400, a 413): it speaks the address's language.
    "unodc_portal.languages.LanguageFromAddressMiddleware",
    # CORS for /api/v1/ only: answers the preflight requests, and names the origin allowed on
    # answers to requests that give theirs (the API sets `*` on its own answers too, for the
    # page cache: unodc_portal/api.py).
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "unodc_portal.middleware.SecurityHeadersMiddleware",
    "unodc_portal.middleware.RequestSizeLimitMiddleware",
    "unodc_portal.middleware.NullCharacterMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    # Below compression: the ETag comes from the page itself, not from compressed bytes, which
    # Django pads at random (against BREACH) and so differ on every request.
    "django.middleware.http.ConditionalGetMiddleware",
    # Below the conditional step: it judges the ETag alone.
    "unodc_portal.middleware.ETagOnlyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "unodc_portal.canonical.CanonicalQueryMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication, which says who is staff: anonymous API and export requests are counted
    # per address (the page cache's fast lane counts those it answers itself).
    "unodc_portal.rate_limits.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "unodc_portal.urls"
WSGI_APPLICATION = "unodc_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "unodc_portal.context_processors.site",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------------------

try:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
            conn_max_age=DATABASE_CONN_MAX_AGE,
            conn_health_checks=True,
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL cannot be read: {exc}") from None

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short page queries gain nothing from JIT compilation and lose its start-up time.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Persistent connections gain nothing on a local file and keep it locked longer.
    DATABASES["default"]["CONN_MAX_AGE"] = 0

if DATABASE_REPLICA_URL:
    try:
        replica = dj_database_url.parse(
            DATABASE_REPLICA_URL, conn_max_age=DATABASE_CONN_MAX_AGE, conn_health_checks=True
        )
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL cannot be read: {exc}") from None
    if {replica["ENGINE"], DATABASES["default"]["ENGINE"]} != {"django.db.backends.postgresql"}:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must point to a PostgreSQL replica (postgres://...) of a PostgreSQL DATABASE_URL."
        )
    # A replica that does not answer is given up on quickly (and then left alone for a while),
    # and the request reads the primary: libpq waits at least 2 seconds to connect; a host gone
    # silent under an open connection is noticed by TCP keepalives and tcp_user_timeout within
    # about 10 s rather than the kernel's quarter of an hour; a query never runs past 15 s.
    replica.setdefault("OPTIONS", {})["options"] = "-c jit=off -c statement_timeout=15000"
    replica["OPTIONS"].setdefault("connect_timeout", 2)
    replica["OPTIONS"].update(keepalives=1, keepalives_idle=5, keepalives_interval=2, keepalives_count=2)
    replica["OPTIONS"].setdefault("tcp_user_timeout", 10000)
    # Tests read the test database through both aliases; no second test database is made.
    replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = replica
    # Only anonymous readers' pages read the replica, and only once it holds the changes of
    # the content version they are served under; everything else uses the primary.
    DATABASE_ROUTERS = ["unodc_portal.replica.ReplicaRouter"]
    # Before the page cache's middleware: the version it stores a page under must be checked too.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("unodc_portal.page_cache.AnonymousPageCacheMiddleware"),
        "unodc_portal.middleware.ReplicaReadsMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache -------------------------------------------------------------------------------

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "unodc_portal.redis_cache.ReusedClientRedisCache",
            "LOCATION": REDIS_URL,
            # Fail fast when Redis is down: the site then serves from the database (content_version.py).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}}

# The open data's limits by scope (unodc_portal/rate_limits.py), counted in this cache.
RATE_LIMITS = {"api": API_RATE_LIMIT, "exports": EXPORT_RATE_LIMIT}

# Anonymous readers' pages are cached until content changes (unodc_portal/page_cache.py and
# content_version.py); 0 turns the page cache off. The stamp file tells per-process caches on this
# machine about changes.
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 600)
# Each worker keeps its own copy of recently served pages, up to this size, each checked against
# the current state's tokens on every request; hits then need no round trip to Redis.
PAGE_COPY_BYTES = env_int("DJANGO_PAGE_COPY_MB", 16) * 1024 * 1024
# The number of results and the facet counts of a filtered list, the filter options, cards and
# sections of pages: remembered the same way, under the tokens of the topics they read (a change to
# one of those ends them at once), so that every page of a list shares one count. 0: none kept.
COUNT_CACHE_SECONDS = env_int("DJANGO_COUNT_CACHE_SECONDS", 600)
CONTENT_STAMP_FILE = VAR_DIR / "content-changed"
# What the page cache follows: any save, delete or changed link in these apps starts a new
# content version, and so does the publication time of a scheduled item of these models.
PAGE_CACHE_APPS = ["programmes", "milestones"]
PAGE_CACHE_SCHEDULED_MODELS = ["milestones.Story", "milestones.Event", "milestones.Bulletin", "milestones.Publication"]
# The topics of content_version.py: what editors change all day, each with its parts (rows edited
# on the item's own admin page). A model not named here is "reference" (countries, programmes,
# organisations, facilities, editions...), which everything shown may depend on. A value kept
# under some topics (remembered.py, fragments.py) outlives changes to the others.
PAGE_CACHE_TOPICS = {
    "milestones.Story": "stories",
    "milestones.Quote": "stories",
    "milestones.Result": "stories",
    "milestones.Event": "events",
    "milestones.EventPlace": "events",
    "milestones.EventOrganisation": "events",
    "milestones.CountryConcerned": "events",
    "milestones.Publication": "publications",
}
# The parts of PAGE_CACHE_TOPICS' items, each by its key to the item: a change to a part counts as
# a change to its item (fragments.py keeps an item's card under the item's last change).
PAGE_CACHE_PARTS = {
    "milestones.Quote": "story",
    "milestones.Result": "story",
    "milestones.EventPlace": "event",
    "milestones.EventOrganisation": "event",
    "milestones.CountryConcerned": "event",  # written by database triggers, never saved by Django
}
# Tables `backup` leaves out because the database rebuilds them as the rest is restored: the
# countries each event concerns are written by triggers (milestones/concerned_countries.py).
BACKUP_LEAVES_OUT = ["milestones.countryconcerned"]

# --- Authentication ----------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    # django-axes counts failed sign-ins and refuses more after the limit (see below).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hour; an administrator can unlock sooner (README, "Locked out")
# Lock a user name only from the address the failures came from (a list inside the list means
# "together"), so that a stranger's failures cannot lock an editor out from her own address; and
# lock an address whatever names it tries, against password spraying.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_CLIENT_IP_CALLABLE = "unodc_portal.middleware.client_ip"
AXES_VERBOSE = False  # attempts are kept in the database for administrators, not written to logs

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation ----------------------------------------------------------------

# English at the addresses without a prefix, every other language under its own (/ru/...): the
# address alone says the language (unodc_portal/languages.py). Another language of the region
# (kk, ky, tg, tk, uz) is switched on by naming it here and adding its catalogue under locale/;
# what the catalogue lacks, and content not yet translated, shows in English.
LANGUAGE_CODE = "en"
LANGUAGE_CODES = env_list("DJANGO_LANGUAGES", ["en", "ru"])
if LANGUAGE_CODES[:1] != [LANGUAGE_CODE] or not set(LANGUAGE_CODES) <= LANG_INFO.keys():
    raise ImproperlyConfigured(
        f"DJANGO_LANGUAGES={','.join(LANGUAGE_CODES)!r}: start with {LANGUAGE_CODE!r}, "
        "then language codes Django knows."
    )
LANGUAGES = [(code, LANG_INFO[code]["name"]) for code in LANGUAGE_CODES]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tashkent"  # the Regional Office's own clock
USE_I18N = True
USE_TZ = True

# --- Static files and media --------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
# Uploaded images (milestones/images.py): larger files or pictures are refused with a message.
# 24 million pixels is a 6000 × 4000 photo from a 24-megapixel camera, far more than the 1600 pixels
# wide that pages show; it bounds the memory one upload takes in a worker (about 96 MB a copy, at
# most about 220 MB in all). WebP uploads may have half as many, as Pillow needs twice the memory for them.
IMAGE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
IMAGE_MAX_PIXELS = 24_000_000
# Publications' PDFs (milestones/documents.py): under the 12 MB request limit, so that a form with
# a document at the limit still arrives whole and gets its message.
PUBLICATION_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# Importing an edition from its PDF (milestones/importing/): a bulletin is a few pages of text and
# photos. Each limit is checked before the layout analysis, the slow part (about a second for
# twenty pages); a stream that unpacks beyond the budget is refused unread (a "zip bomb").
BULLETIN_IMPORT_MAX_BYTES = 30 * 1024 * 1024
BULLETIN_IMPORT_MAX_PAGES = 100
BULLETIN_IMPORT_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
BULLETIN_IMPORT_MAX_CHARACTERS = 2_000_000
# A full page of the bulletin holds about 8,000 characters; a page of many more would take minutes.
BULLETIN_IMPORT_MAX_PAGE_CHARACTERS = 30_000
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Security ----------------------------------------------------------------------------

# Every script and style comes from our own static files; nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Request limits: a body larger than the largest upload, too many fields or too large a form is
# refused (413 or 400) before it is read.
MAX_REQUEST_BYTES = 12 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_PERMISSIONS = 0o640

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True

if PRODUCTION:
    # The proxy in front terminates HTTPS and says so in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- The JSON API ------------------------------------------------------------------------

# Read-only and public: no sign-in (no session, no CSRF), one renderer (JSON: the same address
# gives the same bytes whatever the Accept header, as the page cache needs), filters from the
# lists' own FilterSets, pages as on the site (unodc_portal/api.py).
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["unodc_portal.api.MarkupFreeJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_FILTER_BACKENDS": ["unodc_portal.api.KeptFilterSetBackend"],
    "DEFAULT_PAGINATION_CLASS": "unodc_portal.api.ApiPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "URL_FORMAT_OVERRIDE": None,
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Milestones open data API",
    "DESCRIPTION": (
        "Read-only JSON API of the Milestones portal of the UNODC Regional Office for Central Asia: "
        "the published stories, events, editions, programmes, facilities, organisations, contributions, "
        "countries, people, quotes, figures, themes and publications. The lists take the filters of the "
        "site's own lists and give the same items in the same order. See /api/ for examples."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Its check generates the document at `manage.py check --deploy`, which then needs the
    # database (the filters' options are read from it); tests/api/test_contract.py checks the
    # document against the API instead.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": False,
    # Names for the vocabularies several models share a field name for (kind, qualifier).
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "programmes.models.Organisation.Kind",
        "ProgrammeKindEnum": "programmes.models.Programme.Kind",
        "FacilityKindEnum": "programmes.models.Facility.Kind",
        "FigureKindEnum": "milestones.models.FigureKind",
        "QualifierEnum": "programmes.models.AmountQualifier",
    },
    # The licence comes from OPEN_DATA_LICENCE_* when the document is made (unodc_portal.api).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "unodc_portal.api.name_the_licence"],
}
# CORS (django-cors-headers): GET from any page anywhere, for the API alone.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/v1/"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-none-match", "if-modified-since"]
# The ETag alone vouches for an answer (unodc_portal.middleware.ETagOnlyMiddleware: answers
# carry no Last-Modified).
CORS_EXPOSE_HEADERS = ["ETag"]

# --- Logging -----------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "unodc_portal.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # The request log line comes from unodc_portal.middleware; Django's own would repeat it.
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "axes": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
