from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

from archive import request_ids


@requires_csrf_token
def server_error(request):
    """The 500 page, with the request's id for the operator's log (no database query: the
    database may be what failed). The API answers JSON."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"status": 500, "message": "Server error.",
                       "request_id": request_ids.current()}},
            status=500,
        )  # fmt: skip
    return render(request, "500.html", {"request_id": request_ids.current()}, status=500)
