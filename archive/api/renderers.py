from rest_framework.renderers import JSONRenderer


class SafeJSONRenderer(JSONRenderer):
    """JSON whose strings carry no raw <, > or &: text from an article ("<script>") stays
    inert even where a client pastes the response into a page (still valid JSON)."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        body = super().render(data, accepted_media_type, renderer_context)
        return body.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")
