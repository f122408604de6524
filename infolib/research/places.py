"""Where an organisation is: postal addresses and the sentences that name its offices.

Pages give places in a few shapes: schema.org ``PostalAddress`` items, address blocks on contact
pages and in footers ("40 Harbour Street / Leeds LS1 4AP / United Kingdom", "Kanaalweg 7,
3011 Rotterdam, Netherlands", "Springfield, IL 62701"), and sentences ("we are headquartered in
Leeds", "offices in Leeds and Rotterdam"). Each is read into a :class:`Place` with the country
shown by name (``FR`` → France, ``MA`` in a US address → Massachusetts) using pycountry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from infolib.web.structure import address_lines

#: Everyday names and abbreviations of countries that ISO 3166 spells otherwise.
_COUNTRY_ALIASES = {
    "uk": "GB", "u.k.": "GB", "great britain": "GB", "britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB", "usa": "US", "u.s.a.": "US",
    "u.s.a": "US", "u.s.": "US", "us": "US", "united states of america": "US",
    "america": "US", "russia": "RU", "south korea": "KR", "korea": "KR", "turkey": "TR",
    "ivory coast": "CI", "the netherlands": "NL", "holland": "NL", "vietnam": "VN",
    "iran": "IR", "syria": "SY", "tanzania": "TZ", "bolivia": "BO", "venezuela": "VE",
    "moldova": "MD", "laos": "LA", "czech republic": "CZ", "the philippines": "PH",
    "uae": "AE", "the uae": "AE", "taiwan": "TW", "palestine": "PS", "macedonia": "MK",
}
#: Parts of the world that are not a city ("offices across Europe").
_REGIONS = {"europe", "asia", "africa", "north america", "south america", "latin america",
            "central america", "oceania", "middle east", "scandinavia", "nordics", "emea",
            "apac", "americas", "the americas", "asia pacific", "asia-pacific", "caribbean",
            "east africa", "west africa", "southern africa", "southeast asia", "world"}
_WORD = r"(?:St\.|Ste\.|Mt\.|[A-ZÀ-Þ][\w'’-]*)"
_NAME = rf"{_WORD}(?:[ -](?:(?:de|del|la|le|du|upon|on|am|an|sur|en|of)\s)?{_WORD}){{0,3}}"
_US = re.compile(rf"(?P<city>{_NAME}),?\s+(?P<region>[A-Z]{{2}})\.?,?\s+(?P<code>\d{{5}})"
                 r"(?:-\d{4})?\b")
_CA = re.compile(rf"(?P<city>{_NAME}),?\s+(?P<region>[A-Z]{{2}}),?\s+"
                 r"(?P<code>[A-Z]\d[A-Z] ?\d[A-Z]\d)\b")
_UK_CODE = r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}"
_CODE_FIRST = re.compile(rf"^(?:[A-Z]{{1,2}}-)?(?P<code>\d{{4,6}}|\d{{3}} \d{{2}})\s+"
                         rf"(?P<city>{_NAME})(?:\s+(?:C|Cedex|CEDEX|\d{{1,2}}))?$")
_CODE_LAST = re.compile(rf"^(?P<city>{_NAME})[ ,]+(?P<code>\d{{4,6}}|{_UK_CODE})$")
_STREET = re.compile(r"^(?:[A-Z]-)?\d+[\w/-]*\b|\b\d+[a-z]?$|\b(?:street|st\.|road|rd\.?|avenue|ave\.?|"
                     r"boulevard|blvd|lane|way|drive|place|square|suite|floor|unit|building|"
                     r"rue|strasse|straße|str\.|weg|laan|gracht|plein|calle|via|p\.?o\.? box|"
                     r"pike|parkway|highway|court|quay)\b", re.I)


@dataclass
class Place:
    """A place the site names: the city, its region and country (names, not codes), and the
    postal address as the site writes it (one line) when there is one."""

    city: str = ""
    region: str = ""
    country: str = ""
    address: str = ""

    def label(self) -> str:
        """"City, Region, Country" with whatever parts are known."""
        return ", ".join(p for p in (self.city, self.region, self.country) if p)

    def describe(self) -> str:
        """The label followed by the postal address, for a list of offices ("Cape Town,
        South Africa: Somerset Square, Green Point, Cape Town 8001")."""
        label = self.label()
        segments = [s.strip() for s in self.address.split(",") if s.strip()]
        known = {_fold(p) for p in (self.city, self.region, self.country)}
        while len(segments) > 2 and not _STREET.search(segments[0]) and (
                _fold(segments[0]) in known or len(segments[0]) == 2 and segments[0].isupper()):
            segments.pop(0)  # the label line an address block starts with ("Cambridge, MA")
        address = ", ".join(segments)
        if address and _fold(address) != _fold(label):
            return f"{label}: {address}" if label else address
        return label


@lru_cache(maxsize=2048)
def country_name(text: str, codes: bool = False) -> str:
    """The country's everyday English name for a name or alias ("United Kingdom", "UK",
    "USA"), or for an ISO code ("FR", "FRA") when ``codes``; "" when ``text`` is not one.
    Bare codes are read only where a field holds a country (schema.org ``addressCountry``):
    in running text "IL" or "MA" is far more often a US state."""
    import pycountry

    key = " ".join(str(text or "").split()).strip(" ,;").lower()
    if not key or len(key) > 60:
        return ""
    code = _COUNTRY_ALIASES.get(key)
    if code is None and len(key) <= 3 and not codes:
        return ""
    try:
        found = pycountry.countries.lookup(code or key)
    except LookupError:
        return ""
    return getattr(found, "common_name", None) or found.name


@lru_cache(maxsize=2048)
def region_name(country_code: str, code: str) -> str:
    """The name of a region given by its code within a country ("US", "MA" → Massachusetts),
    or ""."""
    import pycountry

    found = pycountry.subdivisions.get(code=f"{country_code}-{code}")
    return found.name if found is not None else ""


def country_code(name: str) -> str:
    """The ISO alpha-2 code of a country's name or alias ("United Kingdom", "UK" → "GB"), or
    ""."""
    import pycountry

    try:
        return pycountry.countries.lookup(_COUNTRY_ALIASES.get(name.lower(), name)).alpha_2
    except LookupError:
        return ""


def _fold(text: str) -> str:
    return re.sub(r"[\W_]+", "", (text or "").lower())


def _clean(text: str) -> str:
    return " ".join(str(text or "").replace("\u00a0", " ").split()).strip(" ,;:.")


def parse_address(text: str) -> Place | None:
    """The city, region and country of a postal address written on one or more lines, or None
    when ``text`` does not read as an address (a postcode beside a place name, or a street line
    followed by a place and its country)."""
    lines = [_clean(line) for line in re.split(r"[\n|]+", text or "")]
    lines = [line for line in lines if line]
    if not lines or len(lines) > 8 or sum(len(line.split()) for line in lines) > 40:
        return None
    address = ", ".join(lines)
    segments = [s for s in (_clean(s) for s in re.split(r",|:\s|\n", "\n".join(lines))) if s]
    country = ""
    while segments and country_name(segments[-1]) and not _US.search(segments[-1]):
        country = country or country_name(segments[-1])
        segments.pop()
    if not segments:
        return None
    tail = ", ".join(segments[-2:])
    for pattern, country_code in ((_US, "US"), (_CA, "CA")):
        match = pattern.search(tail)
        if match and (not country or country_name(country_code, codes=True) == country):
            region = region_name(country_code, match["region"])
            if region:
                return Place(city=_clean(match["city"]), region=region,
                             country=country_name(country_code, codes=True), address=address)
    last = segments[-1]
    # "New Delhi, India 110057": the country carries the postcode
    named = re.match(r"^(?P<name>.+?)\s+(?:\d{4,6}|\d{3} \d{3})$", last)
    if named and country_name(named["name"]) and len(segments) >= 2:
        return Place(city=segments[-2], country=country_name(named["name"]), address=address)
    street = any(_STREET.search(s) for s in segments[:-1])
    if not country:  # "Cape Town, South Africa / … / Green Point, Cape Town 8001"
        country = next((country_name(s) for s in segments[:-1] if country_name(s)), "")
    match = _CODE_FIRST.match(last) or _CODE_LAST.match(last)
    if match and (country or street):
        city = re.sub(r"\s+(?:C|Cedex|CEDEX|\d{1,2})$", "", _clean(match["city"]))
        if country_name(city):
            return None
        return Place(city=city, country=country, address=address)
    if country and street and re.fullmatch(_NAME, last):
        return Place(city=last, country=country, address=address)
    return None


def address_in_lines(lines: list[str]) -> list[Place]:
    """Postal addresses written as blocks of short lines in a page's text (a contact page's
    "Our office" block, a footer): each line holding a postcode beside a place name ends one,
    with up to three short lines before it (street, building) and a country line after it."""
    places: list[Place] = []
    for i, line in enumerate(lines):
        line = _clean(line)
        if not line or len(line.split()) > 10 or not re.search(r"\d", line):
            continue
        end = i + 1
        if end < len(lines) and country_name(_clean(lines[end])):
            end += 1
        start = i
        while start > 0 and i - start < 3:
            before = _clean(lines[start - 1])
            if (not before or len(before.split()) > 8 or before.endswith(":")
                    or len(re.findall(r"[^\W\d_]", before)) < 3):  # a phone number
                break
            if not (_STREET.search(before) or "," in before):
                break
            start -= 1
        candidate = "\n".join(lines[start:end])
        place = parse_address(candidate)
        if place is None and start < i:
            place = parse_address("\n".join(lines[i:end]))
        if place is not None and place.city:
            places.append(place)
    return places


#: Sentences in which the organisation says where it is. The organisation (or "we") must be the
#: subject: "she is based in Lisbon" in a biography is not the organisation's place.
_HQ_VERBS = (r"(?:is |are |was )?(?:headquartered|head-quartered|based|located|registered)"
             r"(?: (?:out of|at))?|(?:has|have) (?:its |our |their )?"
             r"(?:headquarters|head office|home|base)|(?:headquarters|head office|main office|"
             r"registered office) (?:is |are )?(?:located |based )?")
_OFFICE_VERBS = (r"(?:(?:has|have|with|opened|runs?|operates?) )?(?:an |two |three |four |five |"
                 r"several |many |\d+ )?(?:offices?|locations?|studios?|branch(?:es)?)"
                 r"(?: (?:located|based))?")
_PLACE_LIST = (rf"(?P<places>{_NAME}(?:,? {_NAME})?(?:(?:,| and|, and| &) {_NAME}"
               rf"(?:,? {_NAME})?){{0,8}})")


def _subject_pattern(aliases: tuple[str, ...]) -> str:
    names = [re.escape(a) for a in sorted(aliases, key=len, reverse=True) if a]
    own = "|".join(names + [r"we", r"our (?:company|organi[sz]ation|team|firm|foundation)",
                            r"the (?:company|organi[sz]ation|firm|foundation)"])
    return rf"(?:^|[.!?]\s+)(?:(?:the )?(?:{own}))(?:'s|’s)?\b[^.!?]{{0,80}}?"


def _split_places(text: str) -> list[Place]:
    """'Leeds and Rotterdam', 'Paris, France' or 'Springfield, IL' as Places: a country or US
    state right after a comma belongs to the place before it ("Paris, France"), one after
    "and" is a place of its own ("London and Singapore")."""
    pieces = re.split(r"(,? and |, | & )", text)
    places: list[Place] = []
    for i in range(0, len(pieces), 2):
        part = re.sub(r"^(?:the city of|downtown|central|greater) ", "", _clean(pieces[i]),
                      flags=re.I)
        joined = i > 0 and pieces[i - 1] == ", "
        if not part or not re.fullmatch(_NAME, part):
            continue
        country = country_name(part)
        if country and joined and places and not places[-1].country:
            places[-1].country = country  # "Paris, France"
            continue
        us_region = region_name("US", part) if len(part) == 2 else ""
        if us_region and joined and places and not places[-1].region:
            places[-1].region, places[-1].country = us_region, country_name("US")
            continue
        if country:
            places.append(Place(country=country))
        elif part.lower() not in _REGIONS:
            places.append(Place(city=part))
    return places


def places_in_text(text: str, aliases: tuple[str, ...] = ()) -> tuple[list[Place], list[Place]]:
    """(headquarters, offices) that the organisation's own sentences name: "Acme is
    headquartered in Leeds", "we are based in Paris, France", "our offices in Leeds and
    Rotterdam", "two offices, Leeds and Rotterdam". ``aliases`` are the organisation's names."""
    subject = _subject_pattern(aliases)
    head: list[Place] = []
    offices: list[Place] = []
    flat = " ".join(text.split())
    hq = re.compile(rf"{subject}(?:{_HQ_VERBS}) in {_PLACE_LIST}", re.I)
    for match in hq.finditer(flat):
        places = [p for p in _split_places(_cased(match, flat)) if p.city or p.country]
        if places:
            (head if len(places) == 1 else offices).extend(places)
    office = re.compile(rf"{subject}{_OFFICE_VERBS}(?: in|:|,| across| at) {_PLACE_LIST}", re.I)
    for match in office.finditer(flat):
        offices.extend(p for p in _split_places(_cased(match, flat)) if p.city or p.country)
    own_hq = re.compile(rf"\b[Oo]ur (?P<places>{_NAME}) (?:headquarters|head office|HQ)\b")
    for match in own_hq.finditer(flat):
        head.extend(p for p in _split_places(match["places"]) if p.city)
    return _unique(head), _unique(offices)


def _unique(places: list[Place]) -> list[Place]:
    seen: set[str] = set()
    out = []
    for place in places:
        if place.label().lower() not in seen:
            seen.add(place.label().lower())
            out.append(place)
    return out


def _cased(match: re.Match, text: str) -> str:
    """The place list of a case-insensitive match, cut where its words stop being names."""
    found = re.sub(r"^the\s+", "", match["places"], flags=re.I)
    words = found.split()
    kept: list[str] = []
    for word in words:
        bare = word.strip(",")
        if not (bare[:1].isupper() or bare in ("and", "&") or bare.lower() in
                ("de", "del", "la", "le", "du", "upon", "on", "am", "an", "sur", "en", "of")):
            break
        kept.append(word)
    text = " ".join(kept)
    while text != (text := text.rstrip(", ").removesuffix(" and").removesuffix(" &")):
        pass
    return text


def address_texts(tree, tail_lines: int = 40) -> list[str]:
    """Postal addresses a page shows outside its main text, one string each (lines joined by
    newlines): ``<address>`` elements, the page footer, and on pages without one the page's
    last lines (see ``web.structure.address_lines``). At most five."""
    return addresses_in(address_lines(tree, tail_lines))


def addresses_in(lines: list[str]) -> list[str]:
    """The postal addresses in the lines the extract step kept from a page's ``<address>``
    elements, footer or last lines (``page.metadata["address_lines"]``). At most five."""
    found: list[str] = []
    for place in address_in_lines(list(lines)):
        if place.address not in found:
            found.append(place.address)
    return found[:5]
