"""Settings for the Diplomatic News Archive.

One module, driven by environment variables. With nothing set it runs embedded: SQLite and
a Whoosh index under ``ARCHIVE_DATA_DIR`` (default ``./data``).

- ``ARCHIVE_ENV``: ``development`` (default) or ``production``. Production refuses to start
  without a real ``DJANGO_SECRET_KEY`` and turns on the secure cookie and HTTPS settings.
- ``DATABASE_URL``: any URL dj-database-url understands (``postgres://...``).
- ``SEARCH_URL``: ``whoosh:///abs/path`` (default), ``elasticsearch://host:9200/index`` or
  ``solr://host:8983/solr/core``.
- ``DJANGO_SECRET_KEY``, ``DJANGO_DEBUG``, ``DJANGO_ALLOWED_HOSTS`` as usual.
- ``ARCHIVE_SEARCH_FAST_PATH``: ``1`` (default) or ``0`` (Whoosh evaluates queries itself).
- ``ARCHIVE_BACKGROUND``: who applies the index queue and runs the jobs: ``worker`` (default:
  ``manage.py run_worker``), ``sync`` (inline after each commit, used by tests) or ``manual``
  (only the commands).
"""

import datetime
import os
import secrets
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def envbool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def envint(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR") or BASE_DIR / "data").resolve()

ARCHIVE_ENV = os.environ.get("ARCHIVE_ENV", "development").strip().lower()
if ARCHIVE_ENV not in ("development", "production"):
    raise ImproperlyConfigured("ARCHIVE_ENV must be 'development' or 'production'")
PRODUCTION = ARCHIVE_ENV == "production"

DEBUG = envbool("DJANGO_DEBUG", False)


SECRET_KEY_FILE = DATA_DIR / "secret_key"


def _secret_key():
    key = os.environ.get("DJANGO_SECRET_KEY", "")
    if PRODUCTION:
        if len(key) < 50 or key.startswith("django-insecure") or len(set(key)) < 5:
            raise ImproperlyConfigured(
                "Production needs a real DJANGO_SECRET_KEY (50+ random characters)."
            )
        return key
    if key:
        return key
    # Embedded runs keep a key in the data folder (written by `setup_archive`), so sessions
    # survive restarts and no key is ever committed. Until it exists (`migrate` before the
    # first `setup_archive`), a process gets a key of its own: nothing is written here.
    try:
        return SECRET_KEY_FILE.read_text().strip() or secrets.token_urlsafe(50)
    except OSError:
        return secrets.token_urlsafe(50)


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1],testserver"
    ).split(",")
    if h.strip()
]

INSTALLED_APPS = [
    # archive comes first so its rebuild_index/update_index/clear_index commands replace
    # Haystack's, which empty the live index before refilling it.
    "archive.apps.ArchiveConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "haystack",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
]

MIDDLEWARE = [
    "archive.request_ids.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Read-only GETs of the API from any origin (CORS_URLS_REGEX below).
    "corsheaders.middleware.CorsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # ETag on every non-streamed GET; a matching If-None-Match gets 304 Not Modified.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in.
    "axes.middleware.AxesMiddleware",
]

# Sign-in throttling (django-axes): after ARCHIVE_LOGIN_FAILURES wrong passwords for one
# username from one address, that pair is locked out for ARCHIVE_LOGIN_LOCKOUT_MINUTES
# (HTTP 429), even with the right password; a success resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("ARCHIVE_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("ARCHIVE_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Behind a reverse proxy, the client's address is the last one it appends.
AXES_IPWARE_PROXY_COUNT = envint("ARCHIVE_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
AXES_VERBOSE = False

# Content-Security-Policy (django-csp): everything from this site, no inline script or
# style, no plugins, not framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

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
            ],
        },
    },
]


def _databases():
    url = os.environ.get("DATABASE_URL")
    if url:
        return {"default": dj_database_url.parse(url, conn_max_age=60)}
    return {
        "default": {
            "ENGINE": "archive.sqlite",
            "NAME": DATA_DIR / "archive.sqlite3",
            "OPTIONS": {
                # WAL lets readers and one writer work at once; IMMEDIATE transactions take
                # the write lock up front, so two writers queue instead of deadlocking.
                # A 64 MB page cache and memory-mapped reads keep a 100,000-article archive's
                # indexes in memory.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456; "
                    "PRAGMA temp_store=MEMORY;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
            "TEST": {"NAME": None},
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _haystack_connections():
    url = os.environ.get("SEARCH_URL") or f"whoosh://{DATA_DIR / 'whoosh'}"
    parsed = urlparse(url)
    if parsed.scheme == "whoosh":
        path = parsed.netloc + parsed.path
        return {
            "default": {
                "ENGINE": "archive.search.backend.ArchiveWhooshEngine",
                "PATH": str(Path(path).resolve()),
                "INCLUDE_SPELLING": True,
                "BATCH_SIZE": 500,
            }
        }
    if parsed.scheme in ("elasticsearch", "elasticsearchs"):
        scheme = "https" if parsed.scheme.endswith("s") else "http"
        index = parsed.path.strip("/") or "archive"
        return {
            "default": {
                "ENGINE": "archive.search.elastic_backend.ArchiveElasticsearchEngine",
                "URL": f"{scheme}://{parsed.netloc}/",
                "INDEX_NAME": index,
                "INCLUDE_SPELLING": True,
            }
        }
    if parsed.scheme in ("solr", "solrs"):
        scheme = "https" if parsed.scheme.endswith("s") else "http"
        return {
            "default": {
                "ENGINE": "haystack.backends.solr_backend.SolrEngine",
                "URL": f"{scheme}://{parsed.netloc}{parsed.path}",
                "INCLUDE_SPELLING": True,
            }
        }
    raise ImproperlyConfigured(f"SEARCH_URL scheme {parsed.scheme!r} is not supported")


HAYSTACK_CONNECTIONS = _haystack_connections()
# Changes reach the index through archive.indexing's queue: its signal processor writes queue
# rows in the same transaction (Haystack's own would write documents inside the request and
# wait on a busy index).
HAYSTACK_SIGNAL_PROCESSOR = "archive.indexing.ArchiveSignalProcessor"
# Only Article is indexed; narrowing every query by model costs a second search in Whoosh.
HAYSTACK_LIMIT_TO_REGISTERED_MODELS = False
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 20

# The Whoosh backend's vectorised matching and scoring (archive.search.matching); off, Whoosh
# evaluates every query itself (slower, the same answers: the suite checks both).
ARCHIVE_SEARCH_FAST_PATH = envbool("ARCHIVE_SEARCH_FAST_PATH", True)

# Who does the background work (the search-index queue, the jobs): the worker process
# (`manage.py run_worker`, started by bin/run beside the web server), the process that made
# the change as soon as it commits ("sync", the tests), or nobody until a command is run.
ARCHIVE_BACKGROUND = os.environ.get("ARCHIVE_BACKGROUND", "worker")
if ARCHIVE_BACKGROUND not in ("worker", "sync", "manual"):
    raise ImproperlyConfigured("ARCHIVE_BACKGROUND must be 'worker', 'sync' or 'manual'")
# A job's worker renews its lease with every chunk it commits; a job whose lease ran out (its
# worker died) is taken again by the next worker, where its last chunk ended.
ARCHIVE_JOB_LEASE_SECONDS = envint("ARCHIVE_JOB_LEASE_SECONDS", 120)
ARCHIVE_JOB_CHUNK = envint("ARCHIVE_JOB_CHUNK", 50)
# A name the gazetteer does not know becomes a candidate person for curators once seen in
# this many articles (archive.tagging.discovery).
ARCHIVE_CANDIDATE_MIN_ARTICLES = envint("ARCHIVE_CANDIDATE_MIN_ARTICLES", 3)
# A pause after each chunk (milliseconds): a long job on a busy SQLite archive leaves the
# write lock to the web process and the importer between its chunks.
ARCHIVE_JOB_PAUSE_MS = envint("ARCHIVE_JOB_PAUSE_MS", 0)

# Shared by every process of one machine (web workers, the importer) without a server.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("ARCHIVE_STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production whitenoise serves straight from static/, so the embedded run needs no
# collectstatic and works with DEBUG off.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

LOGIN_URL = "admin:login"

# Importer limits: one article file larger than this is refused unread.
ARCHIVE_MAX_ARTICLE_BYTES = envint("ARCHIVE_MAX_ARTICLE_BYTES", 5 * 1024 * 1024)
# A JSON line longer than this is reported and skipped.
ARCHIVE_MAX_LINE_BYTES = envint("ARCHIVE_MAX_LINE_BYTES", 5 * 1024 * 1024)
# JSON lines files from this size up are prepared (parsed, cleaned, tagged) by worker
# processes while the importer writes (archive.ingest.importer); 0 workers: never.
ARCHIVE_IMPORT_WORKERS = envint("ARCHIVE_IMPORT_WORKERS", max(1, min(4, os.cpu_count() or 1)))
ARCHIVE_IMPORT_PARALLEL_FROM_BYTES = envint("ARCHIVE_IMPORT_PARALLEL_FROM_BYTES", 2_000_000)

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Everything to stderr, each line with its request's id (archive.request_ids gives every
# record one when the app starts); every 500
# is logged by `django.request` with its traceback, in production as in development.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "archive": {"handlers": ["console"], "level": os.environ.get("ARCHIVE_LOG_LEVEL", "INFO")},
        "haystack": {"handlers": ["console"], "level": "WARNING"},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

TEST_RUNNER = "archive.test_runner.ArchiveTestRunner"

# The read-only JSON API (/api/v1/, archive/api/): Django REST framework, JSON only, errors
# as JSON, anonymous clients rate-limited (ARCHIVE_API_RATE; 429 with Retry-After), clients
# with a key in ARCHIVE_API_UNLIMITED_KEYS (the benchmark's) exempt. Lists page by cursor.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["archive.api.renderers.SafeJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["archive.api.throttling.AnonymousRate"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("ARCHIVE_API_RATE", "120/min")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "archive.api.errors.json_errors",
    "UNAUTHENTICATED_USER": None,
    "URL_FORMAT_OVERRIDE": None,
}
ARCHIVE_API_UNLIMITED_KEYS = [
    key for key in os.environ.get("ARCHIVE_API_UNLIMITED_KEYS", "").split(",") if key
]
SPECTACULAR_SETTINGS = {
    "TITLE": "Diplomatic News Archive API",
    "DESCRIPTION": (
        "Read-only access to everything the archive's pages show: articles (with their "
        "versions), sources, stories, people (aliases, offices), mentions, events "
        "(participants, coverage) and search with every filter and facet of /search/. "
        "Lists page by cursor; search pages by number like the search page."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "archive.api.schema.add_error_responses",
    ],
    # One name for each choice set that several models share a field name for.
    "ENUM_NAME_OVERRIDES": {
        "OfficeKindEnum": "archive.models.offices.OfficeHolding.Kind",
        "OfficePrecisionEnum": "archive.models.offices.OfficeHolding.Precision",
        "EventKindEnum": "archive.models.events.Event.Kind",
        "EventStatusEnum": "archive.models.events.Event.Status",
        "EventPrecisionEnum": "archive.models.events.Precision",
        "SourceKindEnum": "archive.models.sources.Source.Kind",
        "MentionStatusEnum": "archive.models.people.Mention.Status",
        "ArticlePrecisionEnum": "archive.models.articles.Article.Precision",
    },
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
