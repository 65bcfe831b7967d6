"""Errors as JSON, never an HTML page: {"error": {"status": 400, "message": "...",
"detail": ...}}."""

from django.http import JsonResponse
from rest_framework.views import exception_handler


def json_errors(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None  # a server error: handler500 answers JSON for /api/ too
    detail = response.data
    message = detail.get("detail") if isinstance(detail, dict) else None
    if message is None:
        message = "The request has invalid parameters." if response.status_code == 400 else ""
    response.data = {
        "error": {
            "status": response.status_code,
            "message": str(message),
            **(
                {"detail": detail}
                if not (isinstance(detail, dict) and set(detail) == {"detail"})
                else {}
            ),
        }
    }
    return response


def json_error(status, message):
    return JsonResponse({"error": {"status": status, "message": message}}, status=status)
