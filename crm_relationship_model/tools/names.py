# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Splitting a typed person's name into first and last name, aware of the particles
that begin a surname ("Jan Willem | van Dijk", "Fatima | El Amrani", "Ahmed | bin Said")."""

import re

# Particles that begin a surname, in lower case: words are compared lower-cased.
# Dutch, Flemish, German, French, Iberian, Arabic.
NAME_PARTICLES = {
    "al", "bin", "d'", "da", "das", "de", "del", "della", "den", "der", "des", "di",
    "do", "dos", "du", "el", "het", "ibn", "in", "la", "le", "op", "'s", "st.", "te",
    "ten", "ter", "'t", "uit", "van", "von", "vd", "zu",
}  # fmt: skip

# The name orders of OCA's partner_firstname (its setting "partner_names_order").
FIRST_LAST = "first_last"
LAST_FIRST = "last_first"
LAST_FIRST_COMMA = "last_first_comma"


def _is_particle(word):
    return word.lower() in NAME_PARTICLES


def _split_comma(name):
    """'Vries, Jan de' or 'de Vries, Jan': the last name before the comma; particles
    written after the first names belong to the last name."""
    last, first = (part.strip() for part in name.split(",", 1))
    words = first.split(" ") if first else []
    particles = []
    while words and _is_particle(words[-1]):
        particles.insert(0, words.pop())
    return " ".join(words) or False, " ".join(particles + [last]).strip() or False


def _split_first_last(words):
    """'Jan Willem van Dijk': the first names run up to a particle or the last word."""
    if len(words) == 1:
        return False, words[0]
    first = [words.pop(0)]
    while len(words) > 1 and not _is_particle(words[0]):
        first.append(words.pop(0))
    return " ".join(first), " ".join(words)


def _split_last_first(words):
    """'van Dijk Jan Willem': the particles and the word after them are the last name."""
    if len(words) == 1:
        return False, words[0]
    last = []
    while len(words) > 1 and _is_particle(words[0]):
        last.append(words.pop(0))
    last.append(words.pop(0))
    return " ".join(words) or False, " ".join(last)


def split_person_name(name, order=FIRST_LAST):
    """(first name, last name) of a typed full name, in the given name order.

    A comma always separates the last name from the first names ("Vries, Jan de");
    a single word is the last name; an empty name gives (False, False).
    """
    name = re.sub(r"\s+", " ", name or "").strip()
    if not name:
        return False, False
    if "," in name:
        return _split_comma(name)
    words = name.split(" ")
    if order == LAST_FIRST:
        return _split_last_first(words)
    return _split_first_last(words)
