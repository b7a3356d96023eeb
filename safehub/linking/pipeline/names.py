"""What the hub knows about names: spellings, nicknames, customs, phonetic codes.

Two names are the same *spelling* when they reduce to one representative (Muhammad →
MOHAMMED, Smyth → SMITH, Kowalska → KOWALSKI); they are *nickname equivalent* when they
share a nickname group (Becky and Becca both belong to REBECCA). The groups come from the
`nicknames` package's curated table, which knows mostly English names, and from the hub's
own table below for the town's population (South Asian, Polish, Irish, West African…),
including every short form and spelling the synthetic world's agencies use.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

import jellyfish
import nicknames

# Spellings of one name that agencies write differently; the first is the representative.
SPELLING_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhammed", "Mohamad", "Mohammod",
     "Muhamed", "Mahammed"),
    ("Mohamud", "Mohamoud", "Mahamud"), ("Hussain", "Hussein", "Husain", "Husein"),
    ("Ahmed", "Ahmad", "Ahmet"), ("Mahmood", "Mahmud", "Mehmood", "Mahmoud"),
    ("Chaudhry", "Choudhury", "Chowdhury", "Chaudhary", "Choudhry"),
    ("Yusuf", "Yousef", "Yusef", "Yousuf", "Youssef"), ("Rehman", "Rahman"),
    ("Aisha", "Ayesha", "Aysha", "Ayisha"), ("Zainab", "Zaynab"), ("Fatima", "Fatimah"),
    ("Maryam", "Mariam"), ("Abdirahman", "Abdurahman", "Abdulrahman"),
    ("Ibrahim", "Ebrahim"), ("Yasmin", "Yasmeen", "Jasmin"), ("Shazia", "Shazea"),
    ("Smith", "Smyth", "Smithe"), ("Thompson", "Thomson", "Tomson"), ("Clarke", "Clark"),
    ("Davies", "Davis"), ("Mitchell", "Mitchel"), ("Phillips", "Philips"),
    ("Kayleigh", "Kayley", "Kaylee", "Kaleigh", "Kayleah", "Caleigh"),
    ("Leanne", "Leann", "Lee-Anne", "Leeanne", "Lianne"), ("Stacey", "Stacy", "Staci"),
    ("Kirsty", "Kirstie", "Kirsti"), ("Hayley", "Haley", "Hailey"), ("Jade", "Jayde"),
    ("Megan", "Meghan", "Meagan"), ("Lacey", "Lacie", "Lacy"),
    ("Caitlin", "Katelyn", "Caitlyn", "Kaitlyn"), ("Sean", "Shaun", "Shawn"),
    ("Zofia", "Sofia", "Sophia", "Zophia"), ("Natalia", "Natalie", "Nathalie"),
    ("Oliwia", "Olivia"), ("Wiktoria", "Victoria"), ("Aleksandra", "Alexandra"),
    ("Aleksander", "Alexander"), ("Mateusz", "Matthew"), ("Jakub", "Jacob"),
    ("Łukasz", "Lukas", "Lucas"), ("Piotr", "Peter"), ("Paweł", "Pawel", "Paul"),
    ("Michał", "Michal", "Michael"), ("Katarzyna", "Katarzina"),
    ("MacDonald", "McDonald", "Macdonald", "Mcdonald"), ("O'Brien", "OBrien", "O Brien"),
    ("O'Neill", "ONeill", "O'Neil"), ("O'Connor", "OConnor", "O'Conner"),
    ("Siobhan", "Shivaun", "Shevaun"), ("Niamh", "Neve", "Neave"), ("Aoife", "Eva"),
    ("Ciaran", "Kieran", "Kieron"), ("Padraig", "Patrick"),
    ("Stephen", "Steven"), ("Jon", "John"), ("Catherine", "Katherine", "Kathryn"),
    ("Zoe", "Zoey"), ("Isobel", "Isabel", "Isabelle"), ("Brandon", "Brendan"),
    ("Jayden", "Jaden", "Jaiden"), ("Amelie", "Amelia"), ("Lily", "Lilly", "Lillie"),
    ("Ellie", "Elly"), ("Macey", "Macy", "Maisie", "Maisy"), ("Tia", "Tiah"),
    ("Keeley", "Keely", "Keighley"), ("Lexi", "Lexie"), ("Alfie", "Alfy"),
    ("Harpreet", "Harprit"), ("Gurpreet", "Gurprit"), ("Jaspreet", "Jasprit"),
    ("Oluwaseun", "Oluseun"), ("Emeka", "Chukwuemeka"),
)

# Short forms and the names people go by, formal name first. The `nicknames` package
# supplies English names; these are the town's other traditions and common British forms.
NICKNAME_GROUPS: tuple[tuple[str, ...], ...] = (
    ("Kayleigh", "Kay", "Kayla"), ("Rebecca", "Becky", "Becca", "Bex"), ("Jessica", "Jess"),
    ("Samantha", "Sam", "Sammy"), ("Danielle", "Dani"), ("Natalie", "Nat"),
    ("Alexandra", "Alex", "Lexi", "Ally", "Sandra"), ("Aleksandra", "Ola", "Ala", "Olka"),
    ("Katarzyna", "Kasia", "Kasha", "Kate"), ("Małgorzata", "Gosia", "Margaret"),
    ("Zuzanna", "Zuzia"), ("Wiktoria", "Wiki", "Vicky"), ("Victoria", "Vicky", "Tori"),
    ("Charlotte", "Charlie", "Lottie"), ("Elizabeth", "Beth", "Lizzie", "Liz", "Libby"),
    ("Catherine", "Cath", "Kate", "Cathy"), ("Jennifer", "Jen", "Jenny"),
    ("Stephanie", "Steph"), ("Nicola", "Nicky", "Nikki"), ("Michelle", "Shell"),
    ("Amelia", "Millie", "Amy"), ("Isabella", "Bella", "Izzy"), ("Olivia", "Liv", "Livvy"),
    ("Eleanor", "Ellie", "Nell"), ("Gabriella", "Gabby", "Ella"), ("Madison", "Maddie"),
    ("Abigail", "Abi", "Abby"), ("Caitlin", "Cait"), ("Jasmine", "Jaz", "Jas"),
    ("Bethany", "Beth"), ("Katie", "Kat"), ("Courtney", "Court"), ("Hannah", "Han"),
    ("Samuel", "Sam"), ("Daniel", "Danny", "Dan"), ("William", "Will", "Billy"),
    ("Thomas", "Tom", "Tommy"), ("James", "Jim", "Jimmy", "Jamie"),
    ("Joseph", "Joe", "Joey"), ("Christopher", "Chris"), ("Matthew", "Matt"),
    ("Michael", "Mike", "Mikey"), ("Benjamin", "Ben"), ("Alexander", "Alex", "Xander"),
    ("Nathan", "Nate"), ("Anthony", "Tony", "Ant"), ("Jonathan", "Jon", "Jonny"),
    ("Stephen", "Steve"), ("Steven", "Steve"), ("Richard", "Rich", "Ricky"),
    ("Robert", "Rob", "Bob", "Robbie"), ("Andrew", "Andy", "Drew"), ("Jacob", "Jake"),
    ("Callum", "Cal"), ("Frederick", "Freddie", "Fred"), ("Oliver", "Ollie"),
    ("Harrison", "Harry"), ("Henry", "Harry"), ("Alfred", "Alfie"),
    ("Mohammed", "Mo", "Moe", "Mohd", "Md"), ("Muhammad", "Mo"), ("Mohamed", "Mo"),
    ("Ibrahim", "Ibby"), ("Abdullah", "Abdul"), ("Zakariya", "Zak", "Zack"),
    ("Usman", "Ozzy"), ("Abdirahman", "Abdi"), ("Tyrone", "Ty"), ("Jermaine", "Maine"),
    ("Harpreet", "Harry", "Preeti"), ("Gurpreet", "Gary", "Preet"), ("Jaspreet", "Jas"),
    ("Mateusz", "Mati"), ("Wojciech", "Wojtek"), ("Łukasz", "Luke"), ("Jakub", "Kuba"),
    ("Krzysztof", "Chris", "Krzys"), ("Oluwaseun", "Seun"), ("Chinedu", "Chi"),
    ("Kamran", "Kam"), ("Waqas", "Vicky"), ("Shahid", "Shad"), ("Tariq", "Taz"),
    ("Faisal", "Fez"), ("Amjad", "AJ"), ("Nadeem", "Nad"), ("Sajid", "Saj"),
    ("Tomasz", "Tomek"), ("Grzegorz", "Grzes", "Greg"), ("Andrzej", "Andrew"),
    ("Agnieszka", "Aga"), ("Magdalena", "Magda"), ("Joanna", "Asia"), ("Monika", "Monia"),
    ("Zofia", "Zosia"), ("Natalia", "Nata"), ("Weronika", "Wera"), ("Julia", "Jula"),
    ("Bartosz", "Bartek"), ("Szymon", "Szymek"), ("Kacper", "Kacperek"),
    ("Fatima", "Fati"), ("Maryam", "Mary"), ("Khadija", "Dija"), ("Mahnoor", "Noor"),
    ("Zainab", "Zee"), ("Hamza", "Hamz"), ("Bilal", "Billy"), ("Imran", "Immy"),
    ("Siobhan", "Shiv"), ("Padraig", "Paddy"), ("Patrick", "Paddy", "Pat"),
    ("Kieran", "Kier"), ("Declan", "Dec"), ("Deborah", "Debbie", "Debs"),
    ("Jacqueline", "Jackie"), ("Susan", "Sue", "Suzie"), ("Samira", "Sami"),
)

# Sikh customs: Kaur and Singh are religious names, shared by half the community, so as a
# surname they say almost nothing about who someone is.
LOW_EVIDENCE_SURNAMES = frozenset({"KAUR", "SINGH"})

# Names seen again and again are worked out once; bounded, as the hub's process lives long.
_WORDS_REMEMBERED = 500_000

_POLISH_FEMININE = (("SKA", "SKI"), ("CKA", "CKI"), ("DZKA", "DZKI"))
_NOT_LETTERS = re.compile(r"[^A-Z ]+")


def ascii_upper(text: str) -> str:
    """Upper case without accents: what every agency's system can store (Ł → L)."""
    if text.isascii():
        return text.upper()
    text = text.replace("ł", "l").replace("Ł", "L")
    folded = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).upper()


def name_tokens(text: str) -> list[str]:
    """Words of a name, upper case, letters only; apostrophes join (O'Brien → OBRIEN)."""
    cleaned = ascii_upper(text).replace("'", "").replace("\u2019", "").replace("-", "")
    return [word for word in _NOT_LETTERS.sub(" ", cleaned).split() if word]


def _key(name: str) -> str:
    return "".join(name_tokens(name))


@cache
def _spelling_map() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for group in SPELLING_VARIANTS:
        representative = _key(group[0])
        for member in group:
            mapping.setdefault(_key(member), representative)
    return mapping


@lru_cache(maxsize=_WORDS_REMEMBERED)
def spelling(name: str) -> str:
    """The representative spelling of a normalised name (MUHAMMAD → MOHAMMED)."""
    if not name:
        return name
    for feminine, masculine in _POLISH_FEMININE:
        # A girl recorded with her father's form of the surname is the same surname.
        if name.endswith(feminine) and len(name) > len(feminine) + 2:
            name = name[: -len(feminine)] + masculine
            break
    return _spelling_map().get(name, name)


@cache
def _nickname_groups() -> dict[str, frozenset[str]]:
    """Normalised name -> the formal names (groups) it belongs to, itself included."""
    groups: dict[str, set[str]] = {}

    def add(formal: str, members: Iterable[str]) -> None:
        formal_key = spelling(_key(formal))
        for member in (formal, *members):
            groups.setdefault(spelling(_key(member)), set()).add(formal_key)

    for triplet in nicknames.name_triplets():
        if triplet.relationship == "has_nickname":
            add(triplet.name1, (triplet.name2,))
    for group in NICKNAME_GROUPS:
        add(group[0], group[1:])
    return {name: frozenset(found) for name, found in groups.items()}


def nickname_keys(name: str) -> list[str]:
    """The groups a (representative) first name belongs to; itself when it has none.

    Two first names are nickname equivalent when their keys intersect.
    """
    if not name:
        return []
    found = _nickname_groups().get(name)
    return sorted(found | {name}) if found else [name]


@cache
def _hub_formal_names() -> dict[str, str]:
    """For blocking: each hub nickname's first formal name, preferred to the package's."""
    chosen: dict[str, str] = {}
    for group in NICKNAME_GROUPS:
        formal = spelling(_key(group[0]))
        for member in group:
            chosen.setdefault(spelling(_key(member)), formal)
    return chosen


def canonical_first_name(name: str) -> str:
    """One key per first name for blocking (Becky → REBECCA), so that nicknames meet.

    A name with several formal forms (Alex) takes the hub table's first, else the
    alphabetically first: blocking needs one key, the comparison uses all of them.
    """
    if not name:
        return name
    hub = _hub_formal_names().get(name)
    if hub is not None:
        return hub
    found = _nickname_groups().get(name)
    if not found or name in found:
        return name
    return min(found)


@lru_cache(maxsize=_WORDS_REMEMBERED)
def phonetic(name: str) -> str:
    """Metaphone code of a normalised name ("" for none): SMITH and SMYTH share SM0."""
    return jellyfish.metaphone(name) if name else ""


def is_low_evidence_surname(name: str) -> bool:
    return name in LOW_EVIDENCE_SURNAMES


@cache
def known_given_names() -> frozenset[str]:
    """Every first name or nickname the tables know: used to tell aliases from surnames."""
    names = set(_nickname_groups())
    names.update(_spelling_map())
    return frozenset(names)
