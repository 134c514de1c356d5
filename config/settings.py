"""One settings module, driven by the environment (see README "Configuration").

Nothing exists only in production: the demo, the tests and a real deployment differ only by
environment variables.
"""

from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MANDATE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY") or (
    # Only a local machine without a configured key gets this; its prefix makes
    # `check --deploy` flag it (security.W009).
    "django-insecure-local-only-set-DJANGO_SECRET_KEY-in-production-0123456789"
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "treebeard",
    "axes",
    # Second factor (ADR 0034): TOTP devices and one-time backup codes; their admin pages are
    # taken off the site by mandate.people.admin (an administrator never sees a secret).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "mandate.core",
    "mandate.organisations",
    "mandate.people",
    "mandate.documents",
    "mandate.notifications",
    "mandate.tasks",
    "mandate.inspections",
    "mandate.indicators",
    "mandate.evaluations",
    "mandate.reports",
    "mandate.dev",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "mandate.core.middleware.RequestIdMiddleware",
    "mandate.core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mandate.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mandate.core.middleware.UserLanguageMiddleware",
    # Before any form is read (the CSRF check's process_view is the first): see upload_size.py.
    "mandate.core.middleware.SizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A session whose account needs a second factor and has not given it reaches only the
    # second-factor pages and sign-out (ADR 0034); before the sign-in check, so it is sent there.
    "mandate.people.middleware.SecondFactorMiddleware",
    "mandate.core.middleware.LoginRequiredMiddleware",
    "mandate.core.middleware.ApplicationErrorMiddleware",
    "mandate.core.middleware.PrivateResponseMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "mandate" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "mandate.core.navigation.menu",
                "mandate.notifications.context_processors.bell",
            ],
        },
    }
]

# --- database -------------------------------------------------------------------------------
# SQLite is the embedded default; DATABASE_URL=postgres://... selects PostgreSQL (production).
_default_sqlite = f"sqlite:///{VAR_DIR / 'mandate.sqlite3'}"
# Connections are kept between requests (opening one to PostgreSQL costs 2.6-6.5 ms a request,
# docs/performance.md F8) and checked before reuse, so a restarted server costs one error-free retry.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or _default_sqlite,
        conn_max_age=env_int("MANDATE_DB_CONN_SECONDS", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE takes the write lock at BEGIN: writers queue instead of failing on lock upgrade,
    # and the audit hash chain never forks (docs/adr/0004-audit-trail.md).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # JIT compilation cost up to 440 ms per statement on the statistics and the sweep and never
    # paid back at this size (docs/performance.md, F2).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"
SESSION_COOKIE_AGE = env_int("MANDATE_SESSION_SECONDS", 12 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("MANDATE_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Repeated failed sign-ins are throttled (pages and the token endpoint alike).
AXES_FAILURE_LIMIT = env_int("MANDATE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The count is cleared by the sign-in's last step, not by Django's login(): for an account with a
# second factor that is the code, so a right password never wipes wrong codes (ADR 0034).
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "mandate.people.views.locked_out"
AXES_VERBOSE = False

# --- language and formats -------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "mandate" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["mandate.formats"]

# --- static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "mandate" / "static"]
MEDIA_ROOT = Path(env_str("MANDATE_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MANDATE_MAX_UPLOAD_BYTES = env_int("MANDATE_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# The files of one request are bounded by MANDATE_MAX_UPLOAD_BYTES. The API refuses a declared
# Content-Length above it before reading the body. A page reads a body up to
# MANDATE_MAX_REQUEST_BYTES, keeping no file byte past the limit, so that it can answer inside
# the form with what was typed (mandate/core/upload_size.py); a larger body is refused unread.
MANDATE_MAX_REQUEST_BYTES = env_int("MANDATE_MAX_REQUEST_BYTES", 5 * MANDATE_MAX_UPLOAD_BYTES)
# Non-file request bodies above this are refused (413 on the API, 400 on pages).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "mandate.people.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "mandate.core.api.Pagination",
    "DEFAULT_SCHEMA_CLASS": "mandate.core.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "mandate.core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON bodies only; the routes that take a file say MultiPartParser themselves (and the
    # token route also reads a form, for `curl -d`).
    "DEFAULT_PARSER_CLASSES": ["mandate.core.parsers.JSONParser"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mandate API",
    "DESCRIPTION": "Directives, tasks and accountability for a public administration.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "mandate.organisations.enums.UnitKind",
        "UnitLevelEnum": "mandate.organisations.enums.UnitLevel",
        "RelationKindEnum": "mandate.documents.enums.RelationKind",
        "PositionKindEnum": "mandate.people.enums.PositionKind",
        "RoleEnum": "mandate.people.enums.Role",
        "ConfidentialityEnum": "mandate.documents.enums.Confidentiality",
        "DirectionEnum": "mandate.documents.enums.Direction",
        "AttachmentKindEnum": "mandate.documents.enums.AttachmentKind",
        "TaskKindEnum": "mandate.tasks.enums.TaskKind",
        "TaskStatusEnum": "mandate.tasks.enums.TaskStatus",
        "ExtensionStatusEnum": "mandate.tasks.enums.ExtensionStatus",
        "EventKindEnum": "mandate.tasks.enums.EventKind",
        "SubmissionStateEnum": "mandate.indicators.enums.SubmissionState",
        "IndicatorDirectionEnum": "mandate.indicators.enums.Direction",
        "IndicatorAggregationEnum": "mandate.indicators.enums.Aggregation",
        "UrgencyEnum": "mandate.tasks.enums.Urgency",
        "TaskActionEnum": "mandate.tasks.enums.MOVE_NAMES",
        "SubmissionActionEnum": "mandate.indicators.policy.MOVES",
        "InspectingBodyKindEnum": "mandate.inspections.enums.BodyKind",
        "InspectionKindEnum": "mandate.inspections.enums.InspectionKind",
        "InspectionStateEnum": "mandate.inspections.enums.InspectionState",
        "InspectedKindEnum": "mandate.inspections.enums.InspectedKind",
        "TeamRoleEnum": "mandate.inspections.enums.TeamRole",
        "InspectionActionEnum": "mandate.inspections.policy_records.MOVES",
        "ReportPeriodKindEnum": "mandate.reports.models.PeriodKind",
        "PeriodKindEnum": "mandate.indicators.enums.ReportingPeriodKind",
        "ReportStateEnum": "mandate.reports.models.ReportState",
        "ReportLanguageEnum": "mandate.reports.models.ReportLanguage",
        "AnnualSubjectKindEnum": "mandate.evaluations.models.annual.AnnualSubjectKind",
        "AnnualLevelEnum": "mandate.evaluations.models.annual.AnnualLevel",
        "AnnualStateEnum": "mandate.evaluations.models.annual.AnnualState",
        "MonthlyEvaluationStateEnum": "mandate.evaluations.models.monthly.EvaluationState",
        "ProposalKindEnum": "mandate.evaluations.models.proposals.ProposalKind",
        "ProposalStateEnum": "mandate.evaluations.models.proposals.ProposalState",
        "RotationPlanStateEnum": "mandate.evaluations.models.rotation.PlanState",
        "DeferralReasonEnum": "mandate.evaluations.models.rotation.DeferralReason",
        "ScoreSourceEnum": "mandate.evaluations.models.rankings.ScoreSource",
        "SignalBehaviourEnum": "mandate.evaluations.signals_registry.Behaviour",
        "InspectionSubjectKindEnum": "mandate.inspections.enums.SubjectKind",
        "AnnualRankedLevelEnum": "mandate.evaluations.rule_sets.RANK",
    },
}

# --- security headers -----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = env_int("MANDATE_HSTS_SECONDS", 0)
SECURE_SSL_REDIRECT = env_bool("MANDATE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("MANDATE_BEHIND_PROXY") else None
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
    }
}

# --- audit trail: keyed and anchored chain (issue 9 §3; docs/adr/0021-keyed-anchored-audit-chain.md)
# The HMAC key of the chain, which the database must not hold (or MANDATE_AUDIT_KEY_FILE). Without
# one a development machine makes var/audit.key; production refuses to start (core/audit_keys.py).
MANDATE_ENV = env_str("MANDATE_ENV", "")  # "production" or "development"; empty: inferred
MANDATE_AUDIT_KEY = env_str("MANDATE_AUDIT_KEY")
# Where `mandate audit checkpoint` writes the signed head of the chain, and to whom it mails it.
MANDATE_AUDIT_CHECKPOINT_DIR = Path(
    env_str("MANDATE_AUDIT_CHECKPOINT_DIR", str(VAR_DIR / "audit-checkpoints"))
)
MANDATE_AUDIT_CHECKPOINT_EMAIL = env_list("MANDATE_AUDIT_CHECKPOINT_EMAIL", "")
# --- end of the audit trail's settings ------------------------------------------------------

# --- jobs: huey (issue 10 §11; docs/adr/0023-job-engine.md) ---------------------------------
# Where the queue lives: empty, a SQLite file of its own under var/ (one machine); postgres://…
# (PostgresHuey, its huey_* tables) or redis://host:port/db (RedisHuey) for consumers on several
# machines. Every consumer and the web server must see the same queue and the same database.
MANDATE_JOBS_URL = env_str("MANDATE_JOBS_URL")
MANDATE_JOBS_SQLITE = VAR_DIR / "jobs.sqlite3"
MANDATE_JOBS_NAME = env_str("MANDATE_JOBS_NAME", "mandate")  # the queue's name in that storage
# Jobs run at once in the calling process, with nothing stored (the tests; never production).
MANDATE_JOBS_IMMEDIATE = env_bool("MANDATE_JOBS_IMMEDIATE", False)
MANDATE_JOBS_WORKERS = env_int("MANDATE_JOBS_WORKERS", 2)  # worker threads per consumer
# A running job writes a heartbeat this often; a failed job is tried again after RETRY seconds,
# MAX_ATTEMPTS times in all (a consumer killed in the middle of it counts as an attempt).
MANDATE_JOBS_HEARTBEAT_SECONDS = env_int("MANDATE_JOBS_HEARTBEAT_SECONDS", 10)
MANDATE_JOBS_RETRY_SECONDS = env_int("MANDATE_JOBS_RETRY_SECONDS", 60)
MANDATE_JOBS_MAX_ATTEMPTS = env_int("MANDATE_JOBS_MAX_ATTEMPTS", 3)
# A queued run not started after this long is queued again (its message may have been lost).
MANDATE_JOBS_STALE_SECONDS = env_int("MANDATE_JOBS_STALE_SECONDS", 120)
# A consumer that starts runs a scheduled job whose last time (within a day) passed with no run.
MANDATE_JOBS_CATCH_UP = env_bool("MANDATE_JOBS_CATCH_UP", True)
# When each job runs: crontab fields "minute hour day month weekday", in TIME_ZONE
# (Asia/Ho_Chi_Minh). An empty string leaves the job to be run by hand.
MANDATE_JOBS_SCHEDULE = {
    "tasks.sweep": "5 0 * * *",  # 00:05 daily: overdue marks, reminders, escalations
    "indicators.reminders": "20 0 * * *",  # 00:20 daily: units late with a set's values
    "notifications.digests": "0 7 * * *",  # 07:00 daily, before the office opens
    "core.audit_seal": "*/10 * * * *",  # every 10 minutes: what a busy moment left unsealed
    "core.audit_checkpoint": "15 2 * * *",  # 02:15 daily: the chain's head, written outside
}
# --- end of the jobs' settings ---------------------------------------------------------------

# --- mail, logging --------------------------------------------------------------------------
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "mandate@localhost")
# The address people open Mandate at, for links in e-mails.
MANDATE_BASE_URL = env_str("MANDATE_BASE_URL", "http://127.0.0.1:8000")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("MANDATE_LOG_LEVEL", "WARNING")},
    "loggers": {
        "axes": {"level": "ERROR"},
        # Denied accesses and refused sign-ins (mandate.core.security_log), one line each.
        "mandate.security": {"level": env_str("MANDATE_SECURITY_LOG_LEVEL", "INFO")},
    },
}

# --- credentials: tokens, sessions, the sign-in lock, HTTPS (ADR 0019) ------------------------
# API tokens live this many days (the owner may ask for fewer); a password change or switching
# the account off kills them, and every session, for good.
MANDATE_TOKEN_DAYS = env_int("MANDATE_TOKEN_DAYS", 30)
# The name an authenticator app shows beside the account's codes (ADR 0034).
OTP_TOTP_ISSUER = env_str("MANDATE_OTP_ISSUER", "Mandate")
# A locked-out user may ask for a one-time link by e-mail that lifts the lock on his user name.
MANDATE_UNLOCK_LINK_MINUTES = env_int("MANDATE_UNLOCK_LINK_MINUTES", 30)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("MANDATE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("MANDATE_HSTS_PRELOAD", False)
# The language cookie follows the session cookie: Secure on HTTPS, never read by scripts.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
