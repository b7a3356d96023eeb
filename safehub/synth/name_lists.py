"""The raw name lists of the synthetic world, by naming tradition, commonest first.

All are ordinary given names and surnames common in England; none is taken from a real
case. Kept apart from `names.py`, which weights them, so the data reads as data.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


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

# Each tradition's lists in the order `names.CULTURES` takes them:
# girls, boys, women, men, surnames.
BRITISH = (_BRITISH_GIRLS, _BRITISH_BOYS, _BRITISH_WOMEN, _BRITISH_MEN, _BRITISH_SURNAMES)
SOUTH_ASIAN_MUSLIM = (
    _SOUTH_ASIAN_MUSLIM_GIRLS,
    _SOUTH_ASIAN_MUSLIM_BOYS,
    _SOUTH_ASIAN_MUSLIM_WOMEN,
    _SOUTH_ASIAN_MUSLIM_MEN,
    _SOUTH_ASIAN_MUSLIM_SURNAMES,
)
BANGLADESHI = (
    _BANGLADESHI_GIRLS,
    _BANGLADESHI_BOYS,
    _BANGLADESHI_WOMEN,
    _BANGLADESHI_MEN,
    _BANGLADESHI_SURNAMES,
)
SIKH = (_SIKH_GIRLS, _SIKH_BOYS, _SIKH_WOMEN, _SIKH_MEN, _SIKH_SURNAMES)
INDIAN = (_INDIAN_GIRLS, _INDIAN_BOYS, _INDIAN_WOMEN, _INDIAN_MEN, _INDIAN_SURNAMES)
POLISH = (_POLISH_GIRLS, _POLISH_BOYS, _POLISH_WOMEN, _POLISH_MEN, _POLISH_SURNAMES)
ROMANIAN = (_ROMANIAN_GIRLS, _ROMANIAN_BOYS, _ROMANIAN_WOMEN, _ROMANIAN_MEN, _ROMANIAN_SURNAMES)
AFRICAN = (_AFRICAN_GIRLS, _AFRICAN_BOYS, _AFRICAN_WOMEN, _AFRICAN_MEN, _AFRICAN_SURNAMES)
CARIBBEAN = (
    _CARIBBEAN_GIRLS,
    _CARIBBEAN_BOYS,
    _CARIBBEAN_WOMEN,
    _CARIBBEAN_MEN,
    _CARIBBEAN_SURNAMES,
)
IRISH = (_IRISH_GIRLS, _IRISH_BOYS, _IRISH_WOMEN, _IRISH_MEN, _IRISH_SURNAMES)
CHINESE = (_CHINESE_GIRLS, _CHINESE_BOYS, _CHINESE_WOMEN, _CHINESE_MEN, _CHINESE_SURNAMES)

# Names given by young people for older "boyfriends" and by offenders for themselves.
STREET_NAMES = _words("""
    Taz Bash Smithy Danny-boy Tiger Dex Benz Shorty Jay Kaz Ronnie Deano Tommo Sully Dee
    Naz Bigs Chops Rizla Jonno Killa Mack Ace Skinny
""")
