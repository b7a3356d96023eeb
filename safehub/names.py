"""What the hub knows about names: spellings, nicknames and the words of a name.

Two names are the same *spelling* when they reduce to one representative (Muhammad →
MOHAMMED, Smyth → SMITH, Kowalska → KOWALSKI); they are *nickname equivalent* when they
share a nickname group (Becky and Becca both belong to REBECCA). The groups come from the
`nicknames` package's curated table, which knows mostly English names, and from the hub's
own table below for the town's population (South Asian, Polish, Irish, West African…),
including every short form and spelling the synthetic world's agencies use.

Linking (`safehub.linking.pipeline.names`) and the people search
(`safehub.records.search`) both read names through this one module, so a nickname
linking knows is one the search knows. Pure Python: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

import nicknames
from anyascii import anyascii

# Spellings of one name that agencies write differently; the first is the representative.
SPELLING_VARIANTS: tuple[tuple[str, ...], ...] = (
    (
        "Mohammed",
        "Muhammad",
        "Mohamed",
        "Mohammad",
        "Muhammed",
        "Mohamad",
        "Mohammod",
        "Muhamed",
        "Mahammed",
    ),
    ("Mohamud", "Mohamoud", "Mahamud"),
    ("Hussain", "Hussein", "Husain", "Husein"),
    ("Ahmed", "Ahmad", "Ahmet"),
    ("Mahmood", "Mahmud", "Mehmood", "Mahmoud"),
    ("Chaudhry", "Choudhury", "Chowdhury", "Chaudhary", "Choudhry"),
    ("Yusuf", "Yousef", "Yusef", "Yousuf", "Youssef"),
    ("Rehman", "Rahman"),
    ("Aisha", "Ayesha", "Aysha", "Ayisha"),
    ("Zainab", "Zaynab"),
    ("Fatima", "Fatimah"),
    ("Maryam", "Mariam"),
    ("Abdirahman", "Abdurahman", "Abdulrahman"),
    ("Ibrahim", "Ebrahim"),
    ("Yasmin", "Yasmeen", "Jasmin"),
    ("Shazia", "Shazea"),
    ("Smith", "Smyth", "Smithe"),
    ("Thompson", "Thomson", "Tomson"),
    ("Clarke", "Clark"),
    ("Davies", "Davis"),
    ("Mitchell", "Mitchel"),
    ("Phillips", "Philips"),
    ("Kayleigh", "Kayley", "Kaylee", "Kaleigh", "Kayleah", "Caleigh"),
    ("Leanne", "Leann", "Lee-Anne", "Leeanne", "Lianne"),
    ("Stacey", "Stacy", "Staci"),
    ("Kirsty", "Kirstie", "Kirsti"),
    ("Hayley", "Haley", "Hailey"),
    ("Jade", "Jayde"),
    ("Megan", "Meghan", "Meagan"),
    ("Lacey", "Lacie", "Lacy"),
    ("Caitlin", "Katelyn", "Caitlyn", "Kaitlyn"),
    ("Sean", "Shaun", "Shawn"),
    ("Zofia", "Sofia", "Sophia", "Zophia"),
    ("Natalia", "Natalie", "Nathalie"),
    ("Oliwia", "Olivia"),
    ("Wiktoria", "Victoria"),
    ("Aleksandra", "Alexandra"),
    ("Aleksander", "Alexander"),
    ("Mateusz", "Matthew"),
    ("Jakub", "Jacob"),
    ("Łukasz", "Lukas", "Lucas"),
    ("Piotr", "Peter"),
    ("Paweł", "Pawel", "Paul"),
    ("Michał", "Michal", "Michael"),
    ("Katarzyna", "Katarzina"),
    ("MacDonald", "McDonald", "Macdonald", "Mcdonald"),
    ("O'Brien", "OBrien", "O Brien"),
    ("O'Neill", "ONeill", "O'Neil"),
    ("O'Connor", "OConnor", "O'Conner"),
    ("Siobhan", "Shivaun", "Shevaun"),
    ("Niamh", "Neve", "Neave"),
    ("Aoife", "Eva"),
    ("Ciaran", "Kieran", "Kieron"),
    ("Padraig", "Patrick"),
    ("Stephen", "Steven"),
    ("Jon", "John"),
    ("Catherine", "Katherine", "Kathryn"),
    ("Zoe", "Zoey"),
    ("Isobel", "Isabel", "Isabelle"),
    ("Brandon", "Brendan"),
    ("Jayden", "Jaden", "Jaiden"),
    ("Amelie", "Amelia"),
    ("Lily", "Lilly", "Lillie"),
    ("Ellie", "Elly"),
    ("Macey", "Macy", "Maisie", "Maisy"),
    ("Tia", "Tiah"),
    ("Keeley", "Keely", "Keighley"),
    ("Lexi", "Lexie"),
    ("Alfie", "Alfy"),
    ("Harpreet", "Harprit"),
    ("Gurpreet", "Gurprit"),
    ("Jaspreet", "Jasprit"),
    ("Oluwaseun", "Oluseun"),
    ("Emeka", "Chukwuemeka"),
)

# Short forms and the names people go by, formal name first. The `nicknames` package
# supplies English names; these are the town's other traditions and common British forms.
NICKNAME_GROUPS: tuple[tuple[str, ...], ...] = (
    ("Kayleigh", "Kay", "Kayla"),
    ("Rebecca", "Becky", "Becca", "Bex"),
    ("Jessica", "Jess"),
    ("Samantha", "Sam", "Sammy"),
    ("Danielle", "Dani"),
    ("Natalie", "Nat"),
    ("Alexandra", "Alex", "Lexi", "Ally", "Sandra"),
    ("Aleksandra", "Ola", "Ala", "Olka"),
    ("Katarzyna", "Kasia", "Kasha", "Kate"),
    ("Małgorzata", "Gosia", "Margaret"),
    ("Zuzanna", "Zuzia"),
    ("Wiktoria", "Wiki", "Vicky"),
    ("Victoria", "Vicky", "Tori"),
    ("Charlotte", "Charlie", "Lottie"),
    ("Elizabeth", "Beth", "Lizzie", "Liz", "Libby"),
    ("Catherine", "Cath", "Kate", "Cathy"),
    ("Jennifer", "Jen", "Jenny"),
    ("Stephanie", "Steph"),
    ("Nicola", "Nicky", "Nikki"),
    ("Michelle", "Shell"),
    ("Amelia", "Millie", "Amy"),
    ("Isabella", "Bella", "Izzy"),
    ("Olivia", "Liv", "Livvy"),
    ("Eleanor", "Ellie", "Nell"),
    ("Gabriella", "Gabby", "Ella"),
    ("Madison", "Maddie"),
    ("Abigail", "Abi", "Abby"),
    ("Caitlin", "Cait"),
    ("Jasmine", "Jaz", "Jas"),
    ("Bethany", "Beth"),
    ("Katie", "Kat"),
    ("Courtney", "Court"),
    ("Hannah", "Han"),
    ("Samuel", "Sam"),
    ("Daniel", "Danny", "Dan"),
    ("William", "Will", "Billy"),
    ("Thomas", "Tom", "Tommy"),
    ("James", "Jim", "Jimmy", "Jamie"),
    ("Joseph", "Joe", "Joey"),
    ("Christopher", "Chris"),
    ("Matthew", "Matt"),
    ("Michael", "Mike", "Mikey"),
    ("Benjamin", "Ben"),
    ("Alexander", "Alex", "Xander"),
    ("Nathan", "Nate"),
    ("Anthony", "Tony", "Ant"),
    ("Jonathan", "Jon", "Jonny"),
    ("Stephen", "Steve"),
    ("Steven", "Steve"),
    ("Richard", "Rich", "Ricky"),
    ("Robert", "Rob", "Bob", "Robbie"),
    ("Andrew", "Andy", "Drew"),
    ("Jacob", "Jake"),
    ("Callum", "Cal"),
    ("Frederick", "Freddie", "Fred"),
    ("Oliver", "Ollie"),
    ("Harrison", "Harry"),
    ("Henry", "Harry"),
    ("Alfred", "Alfie"),
    ("Mohammed", "Mo", "Moe", "Mohd", "Md"),
    ("Muhammad", "Mo"),
    ("Mohamed", "Mo"),
    ("Ibrahim", "Ibby"),
    ("Abdullah", "Abdul"),
    ("Zakariya", "Zak", "Zack"),
    ("Usman", "Ozzy"),
    ("Abdirahman", "Abdi"),
    ("Tyrone", "Ty"),
    ("Jermaine", "Maine"),
    ("Harpreet", "Harry", "Preeti"),
    ("Gurpreet", "Gary", "Preet"),
    ("Jaspreet", "Jas"),
    ("Mateusz", "Mati"),
    ("Wojciech", "Wojtek"),
    ("Łukasz", "Luke"),
    ("Jakub", "Kuba"),
    ("Krzysztof", "Chris", "Krzys"),
    ("Oluwaseun", "Seun"),
    ("Chinedu", "Chi"),
    ("Kamran", "Kam"),
    ("Waqas", "Vicky"),
    ("Shahid", "Shad"),
    ("Tariq", "Taz"),
    ("Faisal", "Fez"),
    ("Amjad", "AJ"),
    ("Nadeem", "Nad"),
    ("Sajid", "Saj"),
    ("Tomasz", "Tomek"),
    ("Grzegorz", "Grzes", "Greg"),
    ("Andrzej", "Andrew"),
    ("Agnieszka", "Aga"),
    ("Magdalena", "Magda"),
    ("Joanna", "Asia"),
    ("Monika", "Monia"),
    ("Zofia", "Zosia"),
    ("Natalia", "Nata"),
    ("Weronika", "Wera"),
    ("Julia", "Jula"),
    ("Bartosz", "Bartek"),
    ("Szymon", "Szymek"),
    ("Kacper", "Kacperek"),
    ("Fatima", "Fati"),
    ("Maryam", "Mary"),
    ("Khadija", "Dija"),
    ("Mahnoor", "Noor"),
    ("Zainab", "Zee"),
    ("Hamza", "Hamz"),
    ("Bilal", "Billy"),
    ("Imran", "Immy"),
    ("Siobhan", "Shiv"),
    ("Padraig", "Paddy"),
    ("Patrick", "Paddy", "Pat"),
    ("Kieran", "Kier"),
    ("Declan", "Dec"),
    ("Deborah", "Debbie", "Debs"),
    ("Jacqueline", "Jackie"),
    ("Susan", "Sue", "Suzie"),
    ("Samira", "Sami"),
)

# Names seen again and again are worked out once; bounded, as the hub's process lives long.
WORDS_REMEMBERED = 500_000

_POLISH_FEMININE = (("SKA", "SKI"), ("CKA", "CKI"), ("DZKA", "DZKI"))
_NOT_LETTERS = re.compile(r"[^A-Z ]+")
APOSTROPHES = ("'", "\u2019")


def ascii_upper(text: str) -> str:
    """Upper case in Latin letters without accents: what every agency's system can store.
    Accents go (Ł → L, Ş → S); other scripts are transliterated (Иван → IVAN, Μαρία →
    MARIA, 陈 → CHEN), so a name a clinic or interpreter wrote in its own script meets the
    same name written in English. Arabic script gives its consonants only (محمد → MHMD):
    it writes no short vowels, so it meets MOHAMMED only as a sound (metaphone MHMT)."""
    if text.isascii():
        return text.upper()
    return anyascii(text).upper()


def _without_apostrophes(text: str) -> str:
    for mark in APOSTROPHES:
        text = text.replace(mark, "")
    return text


def name_tokens(text: str) -> list[str]:
    """Words of a name, upper case, letters only; apostrophes join (O'Brien → OBRIEN)."""
    cleaned = _without_apostrophes(ascii_upper(text)).replace("-", "")
    return [word for word in _NOT_LETTERS.sub(" ", cleaned).split() if word]


def name_key(name: str) -> str:
    """A name as one word of its letters (Lee-Anne → LEEANNE)."""
    return "".join(name_tokens(name))


@cache
def spelling_map() -> dict[str, str]:
    """Each spelling the hub's table knows -> its representative (MUHAMMAD → MOHAMMED)."""
    mapping: dict[str, str] = {}
    for group in SPELLING_VARIANTS:
        representative = name_key(group[0])
        for member in group:
            mapping.setdefault(name_key(member), representative)
    return mapping


@lru_cache(maxsize=WORDS_REMEMBERED)
def spelling(name: str) -> str:
    """The representative spelling of a normalised name (MUHAMMAD → MOHAMMED)."""
    if not name:
        return name
    for feminine, masculine in _POLISH_FEMININE:
        # A girl recorded with her father's form of the surname is the same surname.
        if name.endswith(feminine) and len(name) > len(feminine) + 2:
            name = name[: -len(feminine)] + masculine
            break
    return spelling_map().get(name, name)


def _nickname_tables() -> Iterable[tuple[str, Iterable[str]]]:
    """(formal name, its nicknames) from the package's table, then the hub's."""
    for triplet in nicknames.name_triplets():
        if triplet.relationship == "has_nickname":
            yield triplet.name1, (triplet.name2,)
    for group in NICKNAME_GROUPS:
        yield group[0], group[1:]


@cache
def nickname_groups() -> dict[str, frozenset[str]]:
    """Normalised name -> the formal names (groups) it belongs to, itself included."""
    groups: dict[str, set[str]] = {}
    for formal, members in _nickname_tables():
        formal_key = spelling(name_key(formal))
        for member in (formal, *members):
            groups.setdefault(spelling(name_key(member)), set()).add(formal_key)
    return {name: frozenset(found) for name, found in groups.items()}


def nickname_keys(name: str) -> list[str]:
    """The groups a (representative) first name belongs to; itself when it has none.

    Two first names are nickname equivalent when their keys intersect.
    """
    if not name:
        return []
    found = nickname_groups().get(name)
    return sorted(found | {name}) if found else [name]


@cache
def known_given_names() -> frozenset[str]:
    """Every first name or nickname the tables know: used to tell aliases from surnames."""
    names = set(nickname_groups())
    names.update(spelling_map())
    return frozenset(names)


# ---------------------------------------------------------------- for a search


@cache
def _group_members() -> dict[str, frozenset[str]]:
    """Formal name (representative) -> every name of its nickname group, itself included."""
    members: dict[str, set[str]] = {}
    for name, formals in nickname_groups().items():
        for formal in formals:
            members.setdefault(formal, {formal}).add(name)
    return {formal: frozenset(found) for formal, found in members.items()}


@cache
def _written_forms() -> dict[str, frozenset[str]]:
    """Representative spelling -> the ways the tables write it, in upper case without
    apostrophes, with and without accents and hyphens (ŁUKASZ and LUKASZ; LEE-ANNE and
    LEEANNE): records are written either way."""
    forms: dict[str, set[str]] = {}
    written = [name for group in SPELLING_VARIANTS for name in group]
    for formal, members in _nickname_tables():
        written.extend((formal, *members))
    for name in written:
        key = name_key(name)
        forms.setdefault(spelling(key), set()).update(
            {key, _without_apostrophes(name.upper()), _without_apostrophes(ascii_upper(name))}
        )
    return {name: frozenset(found) for name, found in forms.items()}


def _feminine_forms(name: str) -> set[str]:
    """KOWALSKA beside KOWALSKI: `spelling` reads them as one surname."""
    return {
        name[: -len(masculine)] + feminine
        for feminine, masculine in _POLISH_FEMININE
        if name.endswith(masculine) and len(name) > len(masculine) + 2
    }


@lru_cache(maxsize=10_000)
def equivalent_names(word: str) -> frozenset[str]:
    """Every written form of the names the hub counts as `word`, in upper case without
    apostrophes: its spellings, and the names it is nickname equivalent to (Becky →
    REBECCA, BECCA, BEX…; Mo → MOHAMMED, MUHAMMAD…). Empty for a word with no letters."""
    representative = spelling(name_key(word))
    if not representative:
        return frozenset()
    names: set[str] = set()
    for formal in nickname_keys(representative):
        names |= _group_members().get(formal, {formal})
    found: set[str] = set()
    for name in names:
        found |= _written_forms().get(name, {name}) | _feminine_forms(name)
    return frozenset(found)
