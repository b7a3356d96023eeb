"""Name tables for the synthetic world, and the ways agencies get names wrong.

All names are ordinary given names and surnames common in England; none is taken from a
real case. Each table is ordered from most to least common, and sampling favours the
top (a Zipf-like weight) so that common names such as "Jack Smith" recur, as they do.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from itertools import accumulate


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


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


_BRITISH_SURNAMES = _words("""
    Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans
    Walker White Roberts Green Hall Wood Jackson Clarke Harrison Lewis Hughes Turner Hill
    Moore Cooper Ward Morris King Watson Baker Harris Lee Allen Martin Young Mitchell Scott
    Parker Shaw Kelly Bennett Cook Carter Richardson Bailey Collins Bell Marshall Stevens
    Fletcher Holmes Barker Sutcliffe Ackroyd Holroyd Greenwood Barraclough Hirst Haigh
    Brearley Crowther Pickles Hargreaves Butterworth Ramsden Priestley Firth Dyson Lumb
    Whitaker Lister Hudson Atkinson Booth Chadwick Ormerod Schofield Riley Nuttall Heywood
    Kershaw Barlow Entwistle Howarth Pilling Ashworth Mellor Tattersall Duckworth Fielding
    Lord Holden Haworth Sharples Marsden Rhodes Dawson Stott Brooke Clegg Fairclough Platt
    McDonald O'Brien Armstrong Simpson Walsh Hartley Spencer Gibson Pearson Knowles
""")
_BRITISH_GIRLS = _words("""
    Olivia Amelia Emily Jessica Isla Ava Lily Sophie Grace Ella Evie Chloe Poppy Megan
    Ellie Isabella Holly Amber Charlotte Lacey Leah Paige Freya Millie Erin Ruby Scarlett
    Abigail Daisy Phoebe Summer Kayleigh Keeley Tia Caitlin Mia Lexi Courtney Niamh Jade
    Madison Eleanor Rebecca Molly Lucy Hannah Layla Sienna Alexandra Bethany Jasmine
    Samantha Danielle Natalie Victoria Gabriella Demi Lola Harriet Elizabeth Katie
""")
_BRITISH_BOYS = _words("""
    Jack Oliver Harry Charlie Thomas Jacob Alfie Riley William James Joshua George Ethan
    Noah Samuel Daniel Oscar Max Mason Lucas Tyler Dylan Lewis Liam Callum Kieran Jayden
    Logan Leo Archie Freddie Joseph Ryan Connor Luke Nathan Jake Kyle Reece Brandon
    Benjamin Matthew Alexander Owen Cameron Harvey Toby Finley Bradley Jamie Michael
""")
_BRITISH_WOMEN = _words("""
    Michelle Tracey Lisa Sarah Kelly Donna Joanne Nicola Emma Claire Karen Julie Amanda
    Dawn Louise Gemma Stacey Leanne Kerry Kirsty Hayley Laura Samantha Rebecca Danielle
    Kayleigh Jade Amy Charlotte Natalie Victoria Jennifer Stephanie Catherine Elizabeth
    Deborah Sharon Susan Angela Paula Jacqueline Alison Wendy
""")
_BRITISH_MEN = _words("""
    Darren Lee Craig Wayne Gary Paul Mark Stephen Andrew David Jason Dean Shaun Carl Neil
    Ian Martin Richard Robert Christopher Anthony Michael Daniel James John Kevin Scott
    Steven Jonathan Matthew Ryan Jamie Adam Nathan Liam Luke Ashley Kyle Dale Glen Barry
    Keith Trevor Terence Philip Simon Thomas Joseph William Samuel Benjamin
""")

_SOUTH_ASIAN_MUSLIM_SURNAMES = _words("""
    Hussain Khan Ahmed Ali Akhtar Iqbal Mahmood Rashid Shah Butt Malik Raja Chaudhry Aslam
    Bibi Rehman Anwar Saleem Javed Qureshi Mirza Siddique Latif Nawaz Yousaf Hanif Zaman
    Kauser Arshad Bashir Sadiq Hameed Riaz Sultan Mehmood
""")
_SOUTH_ASIAN_MUSLIM_GIRLS = _words("""
    Aisha Fatima Maryam Zainab Hafsa Amna Sana Iqra Alisha Hira Mehreen Sumaya Eman Inaya
    Hania Zara Safa Aleena Noor Khadija Anaya Laiba Areeba Zoya Mahnoor Amira Samira
""")
_SOUTH_ASIAN_MUSLIM_BOYS = _words("""
    Mohammed Muhammad Ali Hamza Ibrahim Yusuf Zain Ayaan Hassan Bilal Usman Imran Adnan
    Zubair Omar Abdullah Haris Rayyan Ismail Zakariya Musa Ahmad Saad Arham Harris
""")
_SOUTH_ASIAN_MUSLIM_WOMEN = _words("""
    Samina Nazia Shazia Rubina Nasreen Shabana Farzana Yasmin Parveen Saima Rukhsana
    Tahira Uzma Nadia Ayesha Fozia Kausar Shamim
""")
_SOUTH_ASIAN_MUSLIM_MEN = _words("""
    Mohammed Muhammad Tariq Asif Shahid Kamran Waqas Faisal Arif Amjad Nadeem Sajid Abdul
    Imran Zahid Khalid Naveed Shakeel Javed Rizwan Aamir Sohail Kashif Irfan Babar Mushtaq
""")

_BANGLADESHI_SURNAMES = _words("Miah Uddin Rahman Islam Begum Ahmed Hoque Khatun Chowdhury Ali")
_BANGLADESHI_GIRLS = _words("Tasnim Sumaiya Nusrat Farhana Ruksana Tahmina Afia Jannat Sadia")
_BANGLADESHI_BOYS = _words("Mohammed Abdul Rahim Shahed Tanvir Rakib Sakib Nabil Fahim Imran")
_BANGLADESHI_WOMEN = _words("Rahima Shahana Jahanara Momtaz Rokeya Nasima Salma")
_BANGLADESHI_MEN = _words("Abdul Mohammed Shahid Jamal Kamal Mizanur Habibur Anwar")

_SIKH_SURNAMES = _words("Gill Sandhu Sidhu Dhillon Bains Johal Sangha Atwal Grewal Kang Sahota")
_SIKH_GIRLS = _words("Harpreet Gurpreet Simran Jaspreet Amrit Navneet Manpreet Jasleen Kiran")
_SIKH_BOYS = _words("Harpreet Gurpreet Jaspreet Arjan Manveer Jasdeep Harjot Navdeep Sukhdeep")
_SIKH_WOMEN = _words("Rajinder Kuldeep Jasvir Balwinder Harjit Surinder Parminder Sukhwinder")
_SIKH_MEN = _words("Rajinder Kuldeep Jasvir Balwinder Harjit Surinder Parminder Gurdev Jagtar")

_INDIAN_SURNAMES = _words("Patel Mistry Sharma Kumar Parmar Shah Lad Chauhan Solanki Joshi")
_INDIAN_GIRLS = _words("Priya Anjali Riya Diya Aanya Isha Meera Kavya Pooja Nisha")
_INDIAN_BOYS = _words("Aarav Arjun Rohan Dev Krish Vihaan Aryan Kiran Rahul Nikhil")
_INDIAN_WOMEN = _words("Hema Geeta Sunita Bharti Nita Rekha Manisha Jyoti")
_INDIAN_MEN = _words("Ramesh Suresh Dinesh Mahesh Anil Vijay Sanjay Rajesh")

_POLISH_SURNAMES = _words("""
    Kowalski Nowak Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański
    Woźniak Dąbrowski Kozłowski Jankowski Mazur Krawczyk Kaczmarek Piotrowski Grabowski
""")
_POLISH_GIRLS = _words("""
    Zofia Julia Zuzanna Maja Aleksandra Natalia Wiktoria Oliwia Katarzyna Małgorzata
    Amelia Hanna Lena Martyna Weronika
""")
_POLISH_BOYS = _words("Jakub Kacper Szymon Filip Mateusz Wojciech Bartosz Piotr Łukasz Antoni")
_POLISH_WOMEN = _words("Agnieszka Katarzyna Małgorzata Anna Joanna Magdalena Ewa Monika")
_POLISH_MEN = _words("Krzysztof Tomasz Piotr Paweł Marcin Michał Grzegorz Andrzej Łukasz")

_ROMANIAN_SURNAMES = _words("Popescu Lingurar Stoica Dumitru Munteanu Constantin Ciobanu")
_ROMANIAN_GIRLS = _words("Maria Elena Denisa Alexandra Ioana Andreea Bianca")
_ROMANIAN_BOYS = _words("Andrei Ionut Florin Mihai Gabriel Darius Alexandru")
_ROMANIAN_WOMEN = _words("Mariana Elena Florentina Daniela Gabriela")
_ROMANIAN_MEN = _words("Ion Vasile Florin Marian Nicolae Adrian")

_AFRICAN_SURNAMES = _words("""
    Okafor Adeyemi Mensah Osei Boateng Nwosu Okonkwo Mohamud Abdi Farah Hassan Ndlovu
    Banda Tesfaye Adebayo Owusu
""")
_AFRICAN_GIRLS = _words("Precious Blessing Chioma Adaeze Ama Abena Hodan Ayan Ifrah Favour Esther")
_AFRICAN_BOYS = _words("Chidi Emeka Tobi Kwame David Daniel Abdirahman Mohamed Samuel Joseph")
_AFRICAN_WOMEN = _words("Grace Blessing Ngozi Comfort Halima Fadumo Patience Joy")
_AFRICAN_MEN = _words("Emmanuel Kwame Chinedu Abdi Mohamed Kofi Oluwaseun Tendai")

_CARIBBEAN_SURNAMES = _words("Campbell Brown Williams Francis Clarke Thompson Grant Reid Morgan")
_CARIBBEAN_GIRLS = _words("Shanice Jada Kiara Aaliyah Tiana Jasmine Destiny Nia")
_CARIBBEAN_BOYS = _words("Tyrone Jermaine Tyreese Kai Isaiah Marcus Elijah Andre")
_CARIBBEAN_WOMEN = _words("Marcia Sonia Beverley Paulette Yvonne Donna")
_CARIBBEAN_MEN = _words("Winston Delroy Clive Errol Leroy Marlon")

_IRISH_SURNAMES = _words("Murphy O'Neill Byrne McCarthy Doyle Gallagher O'Connor Brennan Kelly")
_IRISH_GIRLS = _words("Niamh Aoife Ciara Siobhan Saoirse Orla Roisin")
_IRISH_BOYS = _words("Sean Connor Cian Oisin Ciaran Padraig Declan")
_IRISH_WOMEN = _words("Siobhan Mairead Bridget Colette Deirdre")
_IRISH_MEN = _words("Seamus Declan Brendan Kieran Fergal")

_CHINESE_SURNAMES = _words("Wang Li Zhang Chen Liu Wong Cheung Lam Ho")
_CHINESE_GIRLS = _words("Mei Jia Xin Yan Hui Ling")
_CHINESE_BOYS = _words("Wei Jun Hao Ming Jian Yi")
_CHINESE_WOMEN = _words("Li Na Hong Ying Xiu")
_CHINESE_MEN = _words("Wei Gang Jian Hua Qiang")


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
        _culture(
            "british",
            (_BRITISH_GIRLS, _BRITISH_BOYS, _BRITISH_WOMEN, _BRITISH_MEN, _BRITISH_SURNAMES),
            ("W1", "W9"),
        ),
        _culture(
            "pakistani",
            (
                _SOUTH_ASIAN_MUSLIM_GIRLS,
                _SOUTH_ASIAN_MUSLIM_BOYS,
                _SOUTH_ASIAN_MUSLIM_WOMEN,
                _SOUTH_ASIAN_MUSLIM_MEN,
                _SOUTH_ASIAN_MUSLIM_SURNAMES,
            ),
            ("A2", "A9"),
        ),
        _culture(
            "bangladeshi",
            (
                _BANGLADESHI_GIRLS,
                _BANGLADESHI_BOYS,
                _BANGLADESHI_WOMEN,
                _BANGLADESHI_MEN,
                _BANGLADESHI_SURNAMES,
            ),
            ("A3", "A9"),
        ),
        _culture(
            "sikh", (_SIKH_GIRLS, _SIKH_BOYS, _SIKH_WOMEN, _SIKH_MEN, _SIKH_SURNAMES), ("A1", "A9")
        ),
        _culture(
            "indian",
            (_INDIAN_GIRLS, _INDIAN_BOYS, _INDIAN_WOMEN, _INDIAN_MEN, _INDIAN_SURNAMES),
            ("A1", "A9"),
        ),
        _culture(
            "polish",
            (_POLISH_GIRLS, _POLISH_BOYS, _POLISH_WOMEN, _POLISH_MEN, _POLISH_SURNAMES),
            ("W9", "W1"),
        ),
        _culture(
            "romanian",
            (_ROMANIAN_GIRLS, _ROMANIAN_BOYS, _ROMANIAN_WOMEN, _ROMANIAN_MEN, _ROMANIAN_SURNAMES),
            ("W9", "W4"),
        ),
        _culture(
            "african",
            (_AFRICAN_GIRLS, _AFRICAN_BOYS, _AFRICAN_WOMEN, _AFRICAN_MEN, _AFRICAN_SURNAMES),
            ("B2", "B9"),
        ),
        _culture(
            "caribbean",
            (
                _CARIBBEAN_GIRLS,
                _CARIBBEAN_BOYS,
                _CARIBBEAN_WOMEN,
                _CARIBBEAN_MEN,
                _CARIBBEAN_SURNAMES,
            ),
            ("B1", "M1"),
        ),
        _culture(
            "irish",
            (_IRISH_GIRLS, _IRISH_BOYS, _IRISH_WOMEN, _IRISH_MEN, _IRISH_SURNAMES),
            ("W2", "W1"),
        ),
        _culture(
            "chinese",
            (_CHINESE_GIRLS, _CHINESE_BOYS, _CHINESE_WOMEN, _CHINESE_MEN, _CHINESE_SURNAMES),
            ("A4", "A9"),
        ),
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

# Names given by young people for older "boyfriends" and by offenders for themselves.
STREET_NAMES = _words("""
    Taz Bash Smithy Danny-boy Tiger Dex Benz Shorty Jay Kaz Ronnie Deano Tommo Sully Dee
    Naz Bigs Chops Rizla Jonno Killa Mack Ace Skinny
""")

# What a QWERTY keyboard puts next to each letter: the source of keying slips.
_KEYBOARD_NEIGHBOURS: dict[str, str] = {
    "a": "qs",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "q": "w",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "x": "zc",
    "y": "tu",
    "z": "x",
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


def ascii_fold(text: str) -> str:
    """What a system without accented letters stores: Wójcik → Wojcik, Łukasz → Lukasz."""
    text = text.replace("ł", "l").replace("Ł", "L")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def typo(text: str, rng: random.Random) -> str:
    """One keying error: a transposition, a dropped or doubled letter, or a slip."""
    if len(text) < 3:
        return text
    at = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(4)
    if kind == 0 and text[at].isalpha() and text[at + 1].isalpha():
        return text[:at] + text[at + 1] + text[at] + text[at + 2 :]
    if kind == 1:
        return text[:at] + text[at + 1 :]
    if kind == 2:
        return text[:at] + text[at] + text[at:]
    return _slip(text, at, rng)


def _slip(text: str, at: int, rng: random.Random) -> str:
    letter = text[at]
    near = _KEYBOARD_NEIGHBOURS.get(letter.lower())
    if not near:
        return text
    replacement = rng.choice(near)
    if letter.isupper():
        replacement = replacement.upper()
    return text[:at] + replacement + text[at + 1 :]


def case_style(text: str, style: str) -> str:
    """How a system stores case: `upper` (SMITH), `title` (Smith) or `as_is`."""
    if style == "upper":
        return text.upper()
    if style == "title":
        return "-".join(part[:1].upper() + part[1:].lower() for part in text.split("-"))
    return text
