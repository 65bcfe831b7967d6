from django.conf import settings
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRate(AnonRateThrottle):
    """ARCHIVE_API_RATE per client address; a client sending a key listed in
    ARCHIVE_API_UNLIMITED_KEYS (header ``X-Archive-Key``) is not limited."""

    scope = "anon"

    def get_rate(self):
        # Read at each request (the class attribute is fixed when DRF is imported).
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        key = request.headers.get("X-Archive-Key", "")
        if key and key in settings.ARCHIVE_API_UNLIMITED_KEYS:
            return True
        return super().allow_request(request, view)
