"""Outlets the importer recognises by name, sign-off code or web domain.

A source the copy names but this table does not know is still created (kind "other") for a
curator to complete; this table only saves them the work for the common outlets.
"""

import re
from dataclasses import dataclass

from archive.models import Source
from archive.names import normalize_name

K = Source.Kind


@dataclass(frozen=True)
class KnownSource:
    name: str
    kind: str
    country: str
    homepage: str
    names: tuple = ()  # other spellings, sign-off codes and domains


KNOWN_SOURCES = (
    KnownSource(
        "Associated Press",
        K.WIRE,
        "United States",
        "https://apnews.com",
        ("AP", "The Associated Press", "apnews.com"),
    ),
    KnownSource(
        "Reuters",
        K.WIRE,
        "United Kingdom",
        "https://www.reuters.com",
        ("Thomson Reuters", "reuters.com"),
    ),
    KnownSource(
        "Agence France-Presse",
        K.WIRE,
        "France",
        "https://www.afp.com",
        ("AFP", "Agence France Presse", "afp.com"),
    ),
    KnownSource(
        "Yonhap", K.WIRE, "South Korea", "https://en.yna.co.kr", ("Yonhap News Agency", "yna.co.kr")
    ),
    KnownSource(
        "Kyodo News", K.WIRE, "Japan", "https://english.kyodonews.net", ("Kyodo", "kyodonews.net")
    ),
    KnownSource(
        "PA Media",
        K.WIRE,
        "United Kingdom",
        "https://pa.media",
        ("PA", "Press Association", "pa.media"),
    ),
    KnownSource(
        "dpa", K.WIRE, "Germany", "https://www.dpa.com", ("Deutsche Presse-Agentur", "dpa.com")
    ),
    KnownSource(
        "Australian Associated Press",
        K.WIRE,
        "Australia",
        "https://www.aap.com.au",
        ("AAP", "aap.com.au"),
    ),
    KnownSource(
        "United Press International",
        K.WIRE,
        "United States",
        "https://www.upi.com",
        ("UPI", "upi.com"),
    ),
    KnownSource(
        "Bloomberg",
        K.WIRE,
        "United States",
        "https://www.bloomberg.com",
        ("Bloomberg News", "bloomberg.com"),
    ),
    KnownSource(
        "Xinhua",
        K.STATE_MEDIA,
        "China",
        "https://english.news.cn",
        ("Xinhua News Agency", "xinhuanet.com", "news.cn"),
    ),
    KnownSource(
        "Korean Central News Agency",
        K.STATE_MEDIA,
        "North Korea",
        "http://www.kcna.kp",
        ("KCNA", "kcna.kp"),
    ),
    KnownSource(
        "Rodong Sinmun",
        K.STATE_MEDIA,
        "North Korea",
        "http://www.rodong.rep.kp",
        ("rodong.rep.kp",),
    ),
    KnownSource(
        "CCTV",
        K.STATE_MEDIA,
        "China",
        "https://english.cctv.com",
        ("China Central Television", "cctv.com"),
    ),
    KnownSource(
        "CGTN",
        K.STATE_MEDIA,
        "China",
        "https://www.cgtn.com",
        ("China Global Television Network", "cgtn.com"),
    ),
    KnownSource(
        "Global Times", K.STATE_MEDIA, "China", "https://www.globaltimes.cn", ("globaltimes.cn",)
    ),
    KnownSource(
        "China Daily",
        K.STATE_MEDIA,
        "China",
        "https://www.chinadaily.com.cn",
        ("chinadaily.com.cn",),
    ),
    KnownSource("TASS", K.STATE_MEDIA, "Russia", "https://tass.com", ("tass.com",)),
    KnownSource("RIA Novosti", K.STATE_MEDIA, "Russia", "https://ria.ru", ("RIA", "ria.ru")),
    KnownSource(
        "Press TV",
        K.STATE_MEDIA,
        "Iran",
        "https://www.presstv.ir",
        ("Iran Press TV", "PressTV", "presstv.ir", "presstv.com"),
    ),
    KnownSource(
        "Al Jazeera",
        K.BROADCASTER,
        "Qatar",
        "https://www.aljazeera.com",
        ("Al Jazeera English", "aljazeera.com"),
    ),
    KnownSource(
        "BBC News",
        K.BROADCASTER,
        "United Kingdom",
        "https://www.bbc.co.uk/news",
        ("BBC", "bbc.co.uk", "bbc.com"),
    ),
    KnownSource("CNN", K.BROADCASTER, "United States", "https://edition.cnn.com", ("cnn.com",)),
    KnownSource(
        "NHK World", K.BROADCASTER, "Japan", "https://www3.nhk.or.jp/nhkworld", ("NHK", "nhk.or.jp")
    ),
    KnownSource(
        "The New York Times",
        K.NEWSPAPER,
        "United States",
        "https://www.nytimes.com",
        ("New York Times", "nytimes.com"),
    ),
    KnownSource(
        "The Washington Post",
        K.NEWSPAPER,
        "United States",
        "https://www.washingtonpost.com",
        ("Washington Post", "washingtonpost.com"),
    ),
    KnownSource(
        "The Guardian",
        K.NEWSPAPER,
        "United Kingdom",
        "https://www.theguardian.com",
        ("Guardian", "theguardian.com"),
    ),
    KnownSource(
        "The Telegraph",
        K.NEWSPAPER,
        "United Kingdom",
        "https://www.telegraph.co.uk",
        ("Telegraph", "telegraph.co.uk"),
    ),
    KnownSource(
        "The Korea Herald",
        K.NEWSPAPER,
        "South Korea",
        "https://www.koreaherald.com",
        ("Korea Herald", "koreaherald.com"),
    ),
    KnownSource(
        "The Korea Times",
        K.NEWSPAPER,
        "South Korea",
        "https://www.koreatimes.co.kr",
        ("Korea Times", "koreatimes.co.kr"),
    ),
    KnownSource(
        "South China Morning Post",
        K.NEWSPAPER,
        "Hong Kong",
        "https://www.scmp.com",
        ("SCMP", "scmp.com"),
    ),
    KnownSource("NK News", K.OTHER, "", "https://www.nknews.org", ("nknews.org",)),
)

_BY_NAME = {}
for _known in KNOWN_SOURCES:
    for _name in (_known.name, *_known.names):
        _BY_NAME[normalize_name(_name)] = _known

# Codes that close wire copy: "... the war ends. – AP"
SIGNOFF_CODES = (
    "AP",
    "AFP",
    "Reuters",
    "PA",
    "Xinhua",
    "Yonhap",
    "dpa",
    "Bloomberg",
    "AAP",
    "Kyodo",
    "KCNA",
    "TASS",
    "UPI",
)

_DOMAIN_RE = re.compile(r"^(?:https?://)?(?:www\.|m\.|edition\.|english\.)?([^/:\s]+)", re.I)


def known_source(name):
    """The KnownSource for a name, sign-off code or domain, or None."""
    if not name:
        return None
    key = normalize_name(name)
    if key in _BY_NAME:
        return _BY_NAME[key]
    match = _DOMAIN_RE.match(name.strip())
    if match and "." in match.group(1):
        domain = match.group(1).lower()
        while domain.count(".") >= 1:
            if domain in _BY_NAME:
                return _BY_NAME[domain]
            domain = domain.split(".", 1)[1]
    return None


def canonical_source_name(name):
    """The name an outlet is filed under: the known canonical name, else the name as given."""
    known = known_source(name)
    return known.name if known else " ".join(name.split())
