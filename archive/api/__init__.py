"""The read-only JSON API, /api/v1/ (Django REST framework; the schema by drf-spectacular).

Everything a page shows is reachable here: articles (with the sanitized body, its plain
text, its versions), sources, stories, people (aliases, offices), mentions, events
(participants, coverage) and search with every parameter of /search/. Lists page by cursor
(stable under inserts, no offset that slows with depth); search pages by number, to the
same depth as the search page. Errors are JSON; anonymous clients are rate-limited."""
