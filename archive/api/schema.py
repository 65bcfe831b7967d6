"""The schema's answer to what can go wrong: every operation may answer 400 (invalid
parameters), 404 (no such object, page or cursor), 429 (rate limited, with Retry-After) and
503 (search while its index is rebuilt), each as the same JSON error."""

ERRORS = {
    "400": "Invalid parameters: the message and `detail` say which.",
    "404": "No such object, page or cursor.",
    "429": "Too many requests from this address: wait the Retry-After header's seconds.",
    "503": "The search index is being rebuilt: try again after Retry-After.",
}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "status": {"type": "integer"},
                "message": {"type": "string"},
                "detail": {},
            },
            "required": ["status", "message"],
        }
    },
    "required": ["error"],
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return result
