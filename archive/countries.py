"""Countries as ISO 3166-1 alpha-2 codes (pycountry): the one place that checks a code, names
one for a reader and reads the plain names feeds and older data use ("South Korea", "UK").
Pure: no Django."""

import functools

import pycountry

# Plain names pycountry's lookup does not know (it knows "Korea, Republic of").
_PLAIN_NAMES = {
    "united states": "US", "usa": "US", "us": "US", "america": "US",
    "united kingdom": "GB", "uk": "GB", "britain": "GB", "great britain": "GB",
    "south korea": "KR", "korea": "KR", "republic of korea": "KR",
    "north korea": "KP", "dprk": "KP", "russia": "RU", "iran": "IR", "syria": "SY",
    "taiwan": "TW", "vietnam": "VN", "laos": "LA", "vatican": "VA", "turkey": "TR",
    "czech republic": "CZ", "ivory coast": "CI", "palestine": "PS", "venezuela": "VE",
    "bolivia": "BO", "tanzania": "TZ", "moldova": "MD", "brunei": "BN",
}  # fmt: skip


def country_problem(code):
    """Why ``code`` is not an ISO 3166-1 alpha-2 country code, or None ("" is allowed)."""
    if code and (
        len(code) != 2 or not code.isupper() or pycountry.countries.get(alpha_2=code) is None
    ):
        return f"{code!r} is not an ISO 3166 country code (two letters, e.g. KP, CN, US)."
    return None


@functools.cache
def country_name(code):
    """The common English name of a code ("KR": "South Korea"), or the code itself."""
    country = pycountry.countries.get(alpha_2=code) if code and len(code) == 2 else None
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    return {"Korea, Republic of": "South Korea", "Korea, Democratic People's Republic of":
            "North Korea", "Russian Federation": "Russia", "Iran, Islamic Republic of": "Iran",
            "Syrian Arab Republic": "Syria", "Viet Nam": "Vietnam"}.get(name, name)  # fmt: skip


@functools.cache
def country_code(text):
    """The code of a country named in plain words or given as a code; "" when none is."""
    plain = " ".join((text or "").replace(".", "").split()).lower()
    if not plain:
        return ""
    if plain in _PLAIN_NAMES:
        return _PLAIN_NAMES[plain]
    try:
        return pycountry.countries.lookup(plain).alpha_2
    except LookupError:
        return ""
