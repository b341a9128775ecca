# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Whether two persons are one human: a scored comparison over all the evidence, in
the spirit of Fellegi-Sunter record linkage.

Each field compared gives a weight log2(m / u): m is how often the field agrees (at that
level) when the two are one human, u how often it agrees by chance. For values whose
rarity is known (last names, first names, postcodes, emails, phones) u is the value's
frequency in this database, so a shared "de Vries" says less than a shared "Oudshoorn".
The weights and a prior (the odds that a random pair of persons is one human) add up
to log-odds, turned into a probability from 0 to 1: the score.

Pure functions: the adoption, the review list and the door check give them the
persons' data as dictionaries (see ``person_features``) and the value counts.
"""

import math
import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import OSA, JaroWinkler

from .keys import phone_key
from .names import NAME_PARTICLES, split_person_name
from .nicknames import canonical_first_names

# Blocking: only persons sharing one of these keys are compared; a key shared by more
# persons than this says too little to compare them all on it (a family mailbox, a
# common name): they are compared on their other keys.
BLOCK_LIMITS = {"e": 12, "p": 12, "z": 40, "n": 40, "b": 25}
# Below this many persons the value counts of a database say little: counted as if
# the database had this many (tests and small databases score like middle-sized ones).
MIN_POPULATION = 10000
# Expected other records of the same human per person: the prior odds.
PRIOR_MATCHES = 0.3
DAYS_OF_BIRTH = 365.25 * 80
# A weight is never stronger than this: one agreeing field is not proof. A shared
# address is capped lower: housemates share it (and often the last name).
MAX_WEIGHT = 20.0
MAX_ADDRESS_WEIGHT = 12.0

# (m, u) per field and level; u None: from the value's frequency.
WEIGHTS = {
    "last_exact": (0.92, None),
    "last_similar": (0.06, 0.003),
    "last_differ": (0.02, 0.995),
    "first_exact": (0.85, None),
    "first_initial": (0.08, 0.06),
    "first_similar": (0.05, 0.01),
    "first_differ": (0.02, 0.93),
    "birth_exact": (0.95, 1 / DAYS_OF_BIRTH),
    "birth_near": (0.03, 0.002),
    "birth_differ": (0.02, 0.998),
    "address_exact": (0.55, None),
    "address_postcode": (0.1, None),
    "address_city": (0.1, 0.02),
    "address_differ": (0.2, 0.98),
    "email_exact": (0.55, None),
    "email_differ": (0.25, 0.99),
    "phone_exact": (0.55, None),
    "phone_differ": (0.15, 0.99),
    "organisation_exact": (0.25, 0.002),
}
# What a pair's evidence is called, for the review list's "why".
FIELDS = ("last_name", "first_name", "birthdate", "address", "email", "phone", "organisation")


# Names, cities and streets repeat: each distinct one is normalised once per process.
# The caches are bounded (together some 40 MB at most): memory stays flat at any size.
@lru_cache(maxsize=1 << 16)
def normalise(text):
    """Lower case ASCII letters, digits and single spaces: "Müller-Lüdenscheidt" gives
    "muller ludenscheidt"."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@lru_cache(maxsize=1 << 15)
def strip_particles(last):
    """A normalised last name without its particles: "van der berg" gives "berg"."""
    words = [w for w in last.split() if w not in NAME_PARTICLES and w not in ("t", "s")]
    return " ".join(words) or last


# A skeleton of a name as it sounds, tuned to Dutch spelling: "Janssen", "Jansen" and
# "Janszen"; "Huysman" and "Huisman"; "de Vries" and "de Fries" share it.
PHONETIC_RULES = [
    (r"sch", "s"), (r"ch", "g"), (r"ph", "f"), (r"th", "t"), (r"ck", "k"), (r"c(?=[eiy])", "s"),
    (r"c", "k"), (r"q", "k"), (r"x", "ks"), (r"dt\b", "t"), (r"d\b", "t"), (r"z", "s"),
    (r"v", "f"), (r"w", "f"), (r"ij|ei|ey|y", "i"), (r"ae|aa", "a"), (r"ou|au|oe|oo", "o"),
    (r"ee|ie", "i"), (r"uu|ui|ue", "u"), (r"(?<=[^aeiou])h", ""), (r"[aeiou]+", "a"),
    (r"(.)\1+", r"\1"),
]  # fmt: skip
_PHONETIC = [(re.compile(pattern), repl) for pattern, repl in PHONETIC_RULES]


@lru_cache(maxsize=1 << 15)
def phonetic(word):
    word = word.replace(" ", "")
    for pattern, repl in _PHONETIC:
        word = pattern.sub(repl, word)
    # Vowels count only as a word's first letter: "Jansen" and "Jensen" are one sound.
    return word[:1] + word[1:].replace("a", "") if word else ""


_NUMBER = re.compile(r"\d+")
_NOT_POSTCODE = re.compile(r"[^A-Z0-9]")


@lru_cache(maxsize=1 << 15)
def _postcode(text):
    return _NOT_POSTCODE.sub("", (text or "").upper())


def person_features(values, order=None):
    """What the comparison needs of a person, from a dictionary with its own fields
    (name, firstname, lastname, birthdate_date, street, zip, city, email, phone, mobile)
    and those of its roles (role_emails, role_phones, organisation_ids)."""
    first, last = values.get("firstname"), values.get("lastname")
    if not (first or last):
        first, last = split_person_name(values.get("name") or "", order or "first_last")
    first, last = normalise(first), normalise(last)
    last_core = strip_particles(last) if last else ""
    first_tokens = first.split()
    # "J.W." or "JW" typed as a first name: initials.
    if len(first_tokens) == 1 and len(first_tokens[0]) <= 2 and first_tokens[0].isalpha():
        if len(first_tokens[0]) == 2 and first_tokens[0] not in ("jo", "ad", "co", "ed"):
            first_tokens = list(first_tokens[0])
    given = first_tokens[0] if first_tokens and len(first_tokens[0]) > 1 else ""
    emails = {
        e.strip().lower() for e in [values.get("email"), *(values.get("role_emails") or [])] if e
    }
    phones = {
        phone_key(p)
        for p in [values.get("phone"), values.get("mobile"), *(values.get("role_phones") or [])]
    }
    number = _NUMBER.search(normalise(values.get("street")))
    return {
        "first": given,
        "first_all": " ".join(first_tokens),
        "initials": "".join(t[0] for t in first_tokens),
        "canonicals": canonical_first_names(given) if given else set(),
        "last": last_core,
        "last_full": last,
        "last_sound": phonetic(last_core),
        "birthdate": values.get("birthdate_date") or None,
        "zip": _postcode(values.get("zip")),
        "number": number.group(0) if number else "",
        "city": normalise(values.get("city")),
        "emails": {e for e in emails if e and "@" in e},
        "phones": {p for p in phones if p},
        "organisations": set(values.get("organisation_ids") or []) - {None},
    }


def frequency_keys(features):
    """The keys whose counts tell how common a person's values are."""
    keys = set()
    if features["last"]:
        keys.add("l:" + features["last"])
    keys.update("f:" + c for c in features["canonicals"])
    return keys


def blocking_keys(features):
    """The keys persons must share to be compared: email, phone, postcode, the sound
    of the last name with a first initial, the birthdate with the last name's sound."""
    keys = {"e:" + e for e in features["emails"]}
    keys.update("p:" + p for p in features["phones"])
    if features["zip"]:
        keys.add("z:" + features["zip"])
    sound = features["last_sound"]
    if sound:
        initials = {c[0] for c in features["canonicals"]} | set(features["initials"][:1])
        keys.update(f"n:{sound}:{initial}" for initial in initials if initial)
    if features["birthdate"]:
        # The first sounds of both names, sorted: the same when first and last name are
        # swapped, or the first name is a Kees for a Cornelis, or an initial.
        given = (
            phonetic(strip_particles(features["first_all"]))[:1] if features["first_all"] else ""
        )
        letters = "".join(sorted((sound[:1], given)))
        keys.add(f"b:{features['birthdate']}:{letters}")
    return keys


def all_keys(features):
    return frequency_keys(features) | blocking_keys(features)


def _swap_names(person):
    """The person's name features with first and last name exchanged."""
    last_full = person["first_all"]
    first = person["last"] if len(person["last"]) > 1 else ""
    last = strip_particles(last_full) if last_full else ""
    return dict(
        person,
        first=first,
        first_all=person["last_full"],
        initials=person["last"][:1],
        canonicals=canonical_first_names(first) if first else set(),
        last=last,
        last_full=last_full,
        last_sound=phonetic(last),
    )


def _similar(first, second, jaro_winkler):
    """One typo apart (a letter wrong, missing, added or two swapped), or close by
    Jaro-Winkler."""
    if min(len(first), len(second)) >= 3 and OSA.distance(first, second, score_cutoff=1) <= 1:
        return True
    return JaroWinkler.similarity(first, second) >= jaro_winkler


@lru_cache(maxsize=1 << 12)
def _weight(level, u=None):
    m, fixed_u = WEIGHTS[level]
    return max(-MAX_WEIGHT, min(MAX_WEIGHT, math.log2(m / (u if fixed_u is None else fixed_u))))


class Comparator:
    """Compares persons with the value counts of one database: ``counts`` maps a key
    (see ``all_keys``) to how many persons have it; ``population`` is their number."""

    def __init__(self, counts, population):
        self.counts = counts
        self.population = max(population, MIN_POPULATION)
        self.prior = math.log2(PRIOR_MATCHES / self.population)

    def _u(self, key, minimum=2):
        return max(self.counts.get(key, 0), minimum) / self.population

    def compare(self, a, b):
        """(score from 0 to 1, fields that agree, fields that differ)."""
        levels = {}
        levels["last_name"] = self._last_level(a, b)
        levels["first_name"] = self._first_level(a, b)
        if levels["last_name"] == "last_differ":
            # First and last name typed the other way round.
            swapped = _swap_names(b)
            if self._last_level(a, swapped) in ("last_exact", "last_similar"):
                levels["last_name"] = self._last_level(a, swapped)
                levels["first_name"] = self._first_level(a, swapped)
        levels["birthdate"] = self._birth_level(a, b)
        levels["address"] = self._address_level(a, b)
        levels["email"] = self._shared_level(a["emails"], b["emails"], "email")
        levels["phone"] = self._shared_level(a["phones"], b["phones"], "phone")
        if a["organisations"] & b["organisations"]:
            levels["organisation"] = "organisation_exact"
        total = self.prior
        agree, differ = [], []
        for field, level in levels.items():
            if not level:
                continue
            weight = self._level_weight(level, a, b)
            total += weight
            (agree if weight > 0 else differ).append(field)
        score = 1.0 / (1.0 + 2.0 ** (-max(-60.0, min(60.0, total))))
        return score, agree, differ, levels

    def _level_weight(self, level, a, b):
        if level == "last_exact":
            return _weight(level, self._u("l:" + (a["last"] or b["last"])))
        if level == "first_exact":
            shared = (a["canonicals"] & b["canonicals"]) or a["canonicals"] or b["canonicals"]
            return _weight(level, min(self._u("f:" + c) for c in shared) if shared else 0.01)
        if level == "address_exact":
            return min(MAX_ADDRESS_WEIGHT, _weight(level, self._u("z:" + a["zip"]) * 0.2))
        if level == "address_postcode":
            return min(MAX_ADDRESS_WEIGHT, _weight(level, self._u("z:" + a["zip"])))
        if level in ("email_exact", "phone_exact"):
            kind, values = (
                ("e:", a["emails"] & b["emails"])
                if level[0] == "e"
                else ("p:", a["phones"] & b["phones"])
            )
            return _weight(level, min(self._u(kind + v) for v in values))
        return _weight(level)

    @staticmethod
    def _last_level(a, b):
        if not (a["last"] and b["last"]):
            return None
        if a["last"] == b["last"]:
            return "last_exact"
        if a["last_sound"] == b["last_sound"] or _similar(a["last"], b["last"], 0.9):
            return "last_similar"
        return "last_differ"

    @staticmethod
    def _first_level(a, b):
        if not (a["initials"] and b["initials"]):
            return None
        if a["first"] and b["first"]:
            if a["first"] == b["first"] or a["canonicals"] & b["canonicals"]:
                return "first_exact"
            if _similar(a["first"], b["first"], 0.88):
                return "first_similar"
            return "first_differ"
        # One or both given as initials: they must fit.
        short, long = sorted((a, b), key=lambda f: len(f["first"]))
        initials = {c[0] for c in long["canonicals"]} | {long["initials"][:1]}
        if short["initials"][:1] in initials:
            return "first_initial"
        return "first_differ"

    @staticmethod
    def _birth_level(a, b):
        first, second = a["birthdate"], b["birthdate"]
        if not (first and second):
            return None
        if first == second:
            return "birth_exact"
        swapped = first.year == second.year and (first.month, first.day) == (
            second.day,
            second.month,
        )
        digits = sum(x != y for x, y in zip(str(first), str(second), strict=True))
        return "birth_near" if swapped or digits == 1 else "birth_differ"

    @staticmethod
    def _address_level(a, b):
        if a["zip"] and a["zip"] == b["zip"]:
            if a["number"] and a["number"] == b["number"]:
                return "address_exact"
            return "address_postcode"
        if a["city"] and a["city"] == b["city"]:
            return "address_city"
        if (a["zip"] or a["city"]) and (b["zip"] or b["city"]):
            return "address_differ"
        return None

    @staticmethod
    def _shared_level(first, second, field):
        if not (first and second):
            return None
        return f"{field}_exact" if first & second else f"{field}_differ"


def shares_contact_or_birthdate(levels):
    """What an automatic merge needs besides a high score: a shared email or phone, or
    the same birthdate, and no other birthdate. Namesakes never have it."""
    if levels.get("birthdate") in ("birth_differ", "birth_near"):
        return False
    return (
        levels.get("email") == "email_exact"
        or levels.get("phone") == "phone_exact"
        or levels.get("birthdate") == "birth_exact"
    )


def agrees_beyond_the_name(agree):
    """Whether a pair agrees on more than the name (birthdate, address, email, phone or
    organisation). On a name alone a namesake agrees as fully as a duplicate, and the
    reviewer cannot tell them apart either: such pairs are not listed, however rare the
    name (in the adoption benchmark a third of them were namesakes)."""
    return not set(agree) <= {"last_name", "first_name"}


def review_reason(levels):
    """The review list's reason (crm.duplicate.pair.reason) of a pair's levels."""
    same_name = levels.get("last_name") == "last_exact" and levels.get("first_name") in (
        "first_exact",
        None,
    )
    if levels.get("email") == "email_exact":
        return "same_email"
    if levels.get("phone") == "phone_exact":
        return "same_name_phone" if same_name else "same_phone"
    if same_name:
        return "same_name"
    if levels.get("address") in ("address_exact", "address_postcode", "address_city"):
        return "similar_name_city"
    return "similar_name"
