"""What the town's people are called, and the other names each can go by.

Each culture's names are weighted from most to least common (a Zipf-like weight) so that
common names such as "Jack Smith" recur, as they do. Nicknames, other spellings and
Polish surname forms are real ways one person's name differs between records; keying
errors, which are not, are in `keying.py`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate

from safehub.synth import name_lists


@dataclass(frozen=True)
class NameTable:
    """Weighted names: earlier entries are more common."""

    names: tuple[str, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, names: tuple[str, ...], skew: float = 0.75) -> NameTable:
        weights = [1.0 / (rank + 1) ** skew for rank in range(len(names))]
        return cls(names, tuple(accumulate(weights)))

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.names, cum_weights=self.cumulative, k=1)[0]


@dataclass(frozen=True)
class Culture:
    """A naming tradition: given names by sex, surnames and the ethnicity codes used."""

    code: str
    girls: NameTable
    boys: NameTable
    women: NameTable
    men: NameTable
    surnames: NameTable
    ethnicity: tuple[str, ...]  # 18+1 codes, the first most likely


def _culture(code: str, tables: tuple[tuple[str, ...], ...], ethnicity: tuple[str, ...]) -> Culture:
    girls, boys, women, men, surnames = tables
    return Culture(
        code,
        NameTable.of(girls),
        NameTable.of(boys),
        NameTable.of(women),
        NameTable.of(men),
        NameTable.of(surnames, skew=0.7),
        ethnicity,
    )


CULTURES: dict[str, Culture] = {
    c.code: c
    for c in (
        _culture("british", name_lists.BRITISH, ("W1", "W9")),
        _culture("pakistani", name_lists.SOUTH_ASIAN_MUSLIM, ("A2", "A9")),
        _culture("bangladeshi", name_lists.BANGLADESHI, ("A3", "A9")),
        _culture("sikh", name_lists.SIKH, ("A1", "A9")),
        _culture("indian", name_lists.INDIAN, ("A1", "A9")),
        _culture("polish", name_lists.POLISH, ("W9", "W1")),
        _culture("romanian", name_lists.ROMANIAN, ("W9", "W4")),
        _culture("african", name_lists.AFRICAN, ("B2", "B9")),
        _culture("caribbean", name_lists.CARIBBEAN, ("B1", "M1")),
        _culture("irish", name_lists.IRISH, ("W2", "W1")),
        _culture("chinese", name_lists.CHINESE, ("A4", "A9")),
    )
}

# The mix of a fictional northern English town, in percent.
CULTURE_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("british", 70.0),
    ("pakistani", 8.0),
    ("bangladeshi", 2.0),
    ("sikh", 2.0),
    ("indian", 2.0),
    ("polish", 5.0),
    ("romanian", 1.5),
    ("african", 3.0),
    ("caribbean", 2.5),
    ("irish", 2.5),
    ("chinese", 1.5),
)
MIXED_ETHNICITY = ("M1", "M2", "M3", "M9")

# Short forms and nicknames people give or are known by; both directions are used.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Kayleigh": ("Kay", "Kayla"),
    "Rebecca": ("Becky", "Becca"),
    "Jessica": ("Jess",),
    "Samantha": ("Sam", "Sammy"),
    "Danielle": ("Dani",),
    "Natalie": ("Nat",),
    "Alexandra": ("Alex", "Lexi"),
    "Aleksandra": ("Ola", "Ala"),
    "Katarzyna": ("Kasia",),
    "Małgorzata": ("Gosia",),
    "Zuzanna": ("Zuzia",),
    "Wiktoria": ("Wiki", "Vicky"),
    "Victoria": ("Vicky", "Tori"),
    "Charlotte": ("Charlie", "Lottie"),
    "Elizabeth": ("Beth", "Lizzie"),
    "Catherine": ("Cath", "Kate"),
    "Jennifer": ("Jen",),
    "Stephanie": ("Steph",),
    "Nicola": ("Nicky",),
    "Michelle": ("Shell",),
    "Amelia": ("Millie", "Amy"),
    "Isabella": ("Bella", "Izzy"),
    "Olivia": ("Liv", "Livvy"),
    "Eleanor": ("Ellie", "Nell"),
    "Gabriella": ("Gabby", "Ella"),
    "Madison": ("Maddie",),
    "Abigail": ("Abi", "Abby"),
    "Caitlin": ("Cait",),
    "Jasmine": ("Jaz", "Jas"),
    "Bethany": ("Beth",),
    "Katie": ("Kat",),
    "Courtney": ("Court",),
    "Hannah": ("Han",),
    "Samuel": ("Sam",),
    "Daniel": ("Danny", "Dan"),
    "William": ("Will", "Billy"),
    "Thomas": ("Tom", "Tommy"),
    "James": ("Jim", "Jimmy"),
    "Joseph": ("Joe", "Joey"),
    "Christopher": ("Chris",),
    "Matthew": ("Matt",),
    "Michael": ("Mike", "Mikey"),
    "Benjamin": ("Ben",),
    "Alexander": ("Alex",),
    "Nathan": ("Nate",),
    "Anthony": ("Tony",),
    "Jonathan": ("Jon", "Jonny"),
    "Stephen": ("Steve",),
    "Steven": ("Steve",),
    "Richard": ("Rich", "Ricky"),
    "Robert": ("Rob", "Bob"),
    "Andrew": ("Andy", "Drew"),
    "Jacob": ("Jake",),
    "Callum": ("Cal",),
    "Frederick": ("Freddie",),
    "Oliver": ("Ollie",),
    "Mohammed": ("Mo", "Moe"),
    "Muhammad": ("Mo",),
    "Mohamed": ("Mo",),
    "Ibrahim": ("Ibby",),
    "Abdullah": ("Abdul",),
    "Zakariya": ("Zak",),
    "Usman": ("Ozzy",),
    "Abdirahman": ("Abdi",),
    "Tyrone": ("Ty",),
    "Jermaine": ("Maine",),
    "Harpreet": ("Harry", "Preeti"),
    "Gurpreet": ("Gary", "Preet"),
    "Jaspreet": ("Jas",),
    "Mateusz": ("Mati",),
    "Wojciech": ("Wojtek",),
    "Łukasz": ("Luke",),
    "Jakub": ("Kuba",),
    "Krzysztof": ("Chris", "Krzys"),
    "Oluwaseun": ("Seun",),
    "Chinedu": ("Chi",),
    "Kamran": ("Kam",),
    "Waqas": ("Vicky",),
    "Shahid": ("Shad",),
    "Tariq": ("Taz",),
    "Faisal": ("Fez",),
    "Amjad": ("AJ",),
    "Nadeem": ("Nad",),
    "Sajid": ("Saj",),
}

# Spellings of one name that agencies treat as different strings.
VARIANTS: tuple[tuple[str, ...], ...] = (
    ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhammed", "Mohamad"),
    ("Hussain", "Hussein", "Husain"),
    ("Ahmed", "Ahmad"),
    ("Mahmood", "Mahmud", "Mehmood"),
    ("Chaudhry", "Choudhury", "Chowdhury"),
    ("Yusuf", "Yousef", "Yusef"),
    ("Smith", "Smyth"),
    ("Thompson", "Thomson"),
    ("Clarke", "Clark"),
    ("Davies", "Davis"),
    ("Kayleigh", "Kayley", "Kaylee", "Kaleigh"),
    ("Leanne", "Leann", "Lee-Anne"),
    ("Stacey", "Stacy"),
    ("Kirsty", "Kirstie"),
    ("Hayley", "Haley"),
    ("Jade", "Jayde"),
    ("Megan", "Meghan"),
    ("Lacey", "Lacie"),
    ("Caitlin", "Katelyn", "Caitlyn"),
    ("Aisha", "Ayesha", "Aysha"),
    ("Zainab", "Zaynab"),
    ("Sean", "Shaun", "Shawn"),
    ("Mohamud", "Mohamoud"),
    ("Abdirahman", "Abdurahman"),
    ("Oliwia", "Olivia"),
    ("Wiktoria", "Victoria"),
    ("Zofia", "Sofia"),
    ("Natalia", "Natalie"),
    ("MacDonald", "McDonald"),
    ("O'Brien", "OBrien", "O Brien"),
    ("O'Neill", "ONeill"),
    ("Siobhan", "Shivaun"),
    ("Niamh", "Neve"),
    ("Aoife", "Eva"),
)
_VARIANT_OF: dict[str, tuple[str, ...]] = {
    name: tuple(other for other in group if other != name) for group in VARIANTS for name in group
}


def nickname(given: str, rng: random.Random) -> str | None:
    """A short form someone is known by, or None if the name has none in the table."""
    forms = NICKNAMES.get(given)
    return rng.choice(forms) if forms else None


def variant(name: str, rng: random.Random) -> str | None:
    """Another accepted spelling of the same name, or None."""
    others = _VARIANT_OF.get(name)
    return rng.choice(others) if others else None


def polish_form(surname: str, sex: str) -> str:
    """Polish surnames in -ski/-cki/-dzki take -ska/-cka/-dzka for women and girls."""
    if sex == "female" and surname.endswith("ski"):
        return surname[:-1] + "a"
    if sex == "female" and surname.endswith(("cki", "dzki")):
        return surname[:-1] + "a"
    return surname


def masculine_form(surname: str) -> str:
    """The father's form of a Polish surname: what a clerk copies from the wrong document."""
    if surname.endswith(("ska", "cka", "dzka")):
        return surname[:-1] + "i"
    return surname
