"""A request id for every request: taken from the proxy's ``X-Request-ID`` when it is a sane
token, else made up; sent back in the response header, written in every log line of the
request (``%(request_id)s``) and shown on the error page, so an operator can find the log of
the 500 a reader reports."""

import contextvars
import logging
import re
import uuid

_CURRENT = contextvars.ContextVar("request_id", default="-")
_SANE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current():
    return _CURRENT.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _SANE.match(given) else uuid.uuid4().hex[:16]
        request.request_id = request_id
        token = _CURRENT.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _CURRENT.reset(token)
        response["X-Request-ID"] = request_id
        return response


def install():
    """Give every log record a ``request_id`` ("-" outside a request), whichever handler or
    logger it reaches (called once, when the app is ready)."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, "adds_request_id", False):
        return

    def record_with_request_id(*args, **kwargs):
        record = factory(*args, **kwargs)
        record.request_id = current()
        return record

    record_with_request_id.adds_request_id = True
    logging.setLogRecordFactory(record_with_request_id)
