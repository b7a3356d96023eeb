"""Free-text summaries agencies write: short, plain, and never naming anyone."""

from __future__ import annotations

AE_BENIGN = (
    "Sprained wrist after a fall",
    "Head injury playing football, discharged",
    "Asthma attack",
    "Laceration to hand, steri-strips",
    "Suspected fracture, X-ray clear",
    "Abdominal pain, discharged with advice",
    "Allergic reaction",
    "Dog bite",
    "Fell from bicycle",
    "Burn to forearm from kettle",
)
AE_HARM = (
    "Alcohol intoxication, brought in by ambulance at 02:40",
    "Overdose (paracetamol), referred to CAMHS",
    "Bruising to arms, explanation vague",
    "Intoxicated, unable to say where she had been",
    "Injury to face, says she fell",
    "Brought in by unknown adult male who left before triage",
)
SEXUAL_HEALTH_BENIGN = (
    "Contraception consultation",
    "STI screen, results negative",
    "Contraceptive implant fitted",
    "Emergency contraception",
    "Routine STI screen",
    "Condom distribution scheme",
)
SEXUAL_HEALTH_HARM = (
    "Emergency contraception; partner described as older",
    "Chlamydia positive, treated",
    "Gonorrhoea positive; declined partner notification",
    "Attended with older male",
    "Repeat emergency contraception",
    "STI screen; reports several partners",
)
MENTAL_HEALTH = (
    "CAMHS assessment: low mood",
    "CAMHS: anxiety, school avoidance",
    "Self-harm (cutting), CAMHS follow-up",
    "CAMHS: sleep problems, anger",
    "Eating difficulties, assessment",
    "Crisis team assessment after self-harm",
)
SUBSTANCE = (
    "Young people's substance service: cannabis use",
    "Alcohol use, brief intervention",
    "Cannabis and alcohol, engaged in two sessions",
    "Referred for ketamine use",
)
PREGNANCY = ("Pregnancy confirmed", "Termination of pregnancy", "Pregnancy test positive")

# Ordinary runaways: a row at home, a party, a boyfriend's house. Police write what they
# found, and some of it reads like exploitation ("an address with", "taxi").
_MISSING_ROUTINE = (
    "Did not return home after school; found at a friend's house",
    "Stayed out after an argument at home; returned of own accord",
    "Missing overnight after a party; returned next morning",
    "Late home from town centre; found by police in the park",
    "Ran off after a row with parent; located at a friend's address next morning",
    "Stayed at boyfriend's house after an argument at home; returned next day",
)
_MISSING_AMBIGUOUS = (
    "Found at an address with other teenagers after a party; returned home",
    "Returned home by taxi after a night out; parent paid the fare",
)
MISSING_BENIGN = _MISSING_ROUTINE * 2 + _MISSING_AMBIGUOUS  # about 1 in 7 reads ambiguously
MISSING_PLACEMENT = (
    "Left placement after a row with staff; returned the same night",
    "Missing from placement overnight; returned of own accord",
    "Did not return to placement after contact with family; located at mother's address",
)
MISSING_HARM = (
    "Missing overnight; located at an address with adult males, intoxicated",
    "Missing two nights; returned in a taxi, would not say where she had been",
    "Missing; seen getting into a car near the takeaway; returned next day",
    "Missing from placement; found at a hotel in the town centre",
    "Missing; new phone and clothes on return, no explanation",
    "Missing; located in a vehicle with older males on an industrial estate",
)
_RHI_ROUTINE = (
    "Return interview: argument at home, stayed with a friend",
    "Return interview: went to a party, lost track of time",
    "Return interview declined",
    "Return interview not completed within 72 hours",
)
# Teenagers often will not say, or were with a boyfriend or an older cousin: the words
# that worry a reader of return interviews are common in ordinary ones too.
_RHI_UNSAID = (
    "Return interview: stayed at boyfriend's house after a row at home",
    "Return interview: stayed at an older cousin's flat",
    "Return interview: would not say where they had been; says with friends",
)
RHI_BENIGN = _RHI_ROUTINE * 3 + _RHI_UNSAID  # 1 in 5 leaves a reader uneasy
RHI_HARM = (
    "Return interview: says she was with her boyfriend who is 'about 24'",
    "Return interview: would not say where she had been or who with",
    "Return interview: mentions going to 'parties' at a flat; given alcohol",
    "Return interview declined; appeared frightened",
    "Return interview: says friends introduced her to older men",
)
REFERRAL_BENIGN = (
    "Referral from school: concerns about neglect",
    "Domestic abuse notification",
    "Referral from health: parental mental health",
    "Referral: behaviour at home",
    "Referral from school: unexplained bruising (no further action)",
    "Referral: parental substance misuse",
)
REFERRAL_HARM = (
    "Referral: CSE concerns (older boyfriend, missing episodes)",
    "Referral from police: found with adult males",
    "Referral from school: seen in cars",
    "Referral from sexual health clinic: age of partner",
)
CRIME_VICTIM = (
    "Theft of mobile phone",
    "Assault in the street by youths",
    "Robbery of bicycle",
    "Online harassment",
    "Assault at school",
)
CRIME_SUSPECT = (
    "Shoplifting",
    "Criminal damage to a bus shelter",
    "Assault (fight at school)",
    "Possession of cannabis",
    "Anti-social behaviour",
)
INCIDENT_HOME = (
    "Domestic incident at home address; children present",
    "Concern for welfare call to home address",
    "Verbal argument between parents",
)
INTEL_BENIGN = (
    "Seen associating with older youths in the park; drinking",
    "Believed to be carrying cannabis",
    "Group of youths causing nuisance outside shops",
    "Associating with a known shoplifter",
)
INTEL_HARM = (
    "Females aged 13-15 seen being picked up by older males in cars outside the premises",
    "Information that young girls are taken to a flat and given alcohol and cannabis",
    "Hotel staff report young females visiting rooms booked by adult males",
    "Phone number in contact with several missing girls",
    "A taxi driver is believed to drive young girls to parties",
    "Young people receiving phones, cigarettes and lifts from adult males",
)
SCHOOL_CONCERN_BENIGN = (
    "Concern: tired and hungry in class",
    "Concern: upset after family breakdown",
    "Concern: bullying reported",
    "Concern: behaviour deteriorating",
)
SCHOOL_CONCERN_HARM = (
    "Concern: collected at the school gate by older males in a car",
    "Concern: has a new expensive phone and money",
    "Concern: talks of an older boyfriend",
    "Concern: friends say she goes to 'parties' with men",
)
EXCLUSION = (  # permanent exclusions are about 1 in 80 of exclusions (DfE)
    *("Suspension (1 day): persistent disruptive behaviour",) * 30,
    *("Suspension (3 days): verbal abuse",) * 25,
    *("Suspension (5 days): physical assault on a pupil",) * 20,
    *("Suspension (2 days): refusing to follow instructions",) * 4,
    "Permanent exclusion",
)
COMMUNITY = (
    "Outreach: young people gathering near the takeaway late at night",
    "Outreach: girls seen getting into cars with older males",
    "Outreach: young people drinking in the park with adults",
)
DISCLOSURE = (
    "Disclosed sexual abuse by adult males she met through friends",
    "Disclosed being given alcohol and abused at a flat",
    "Disclosed that her 'boyfriend' made her have sex with his friends",
)
WITHDRAWAL = (
    "Withdrawal: no longer supports the account given; says she made it up",
    "Withdrawal: does not want police involvement",
)

# ---------------------------------------------------------------- ordinary teenagers

SEXUAL_HEALTH_POSITIVE = (
    "Chlamydia positive, treated; partner notified",
    "STI screen: chlamydia positive, treated",
)
UNDER_18_ASSESSMENT = (  # the under-18 risk assessment, from 2014
    "Under-18 assessment: partner same age; no concerns",
    "Under-18 assessment completed; no concerns identified",
    "Under-18 assessment: partner of similar age, relationship appears consensual",
)
OLDER_PARTNER_CLINIC = (  # {age}: the older boyfriend's age on the day
    "Under-18 assessment: boyfriend is {age}; relationship appears consensual, no concerns",
    "Emergency contraception; partner described as older ({age}), parents aware",
    "Under-18 assessment: partner aged {age}; known to family, no concerns identified",
)
OLDER_PARTNER_SCHOOL = (
    "Concern: talks of an older boyfriend ({age}); parents aware",
    "Concern: boyfriend ({age}) waits for her after school; parents know him",
)
OLDER_PARTNER_CARE = (
    "Referral from school: older boyfriend (aged {age}); parents aware and supportive, "
    "no further action",
    "Contact from parent: worried about daughter's older boyfriend ({age}); advice given",
)
AE_SELF_HARM = (
    "Self-harm (cutting) after an argument at home; liaison team, CAMHS follow-up",
    "Overdose (paracetamol) after a falling-out with friends; medically fit, CAMHS referral",
)
AE_DRUNK = (
    "Alcohol intoxication after a party; discharged to a parent",
    "Intoxicated at a festival; observed overnight, discharged",
)

# ---------------------------------------------------------------- criminal exploitation

# County lines look like CSE in records: missing far from home, cars, money, phones,
# adults; some words match what screening reads, many (cash, a second phone, another
# town) do not.
CCE_MISSING = (
    "Missing three nights; located at an address with adult males in a coastal town 120 miles away",
    "Missing; found at a train station in another county with cash and two phones",
    "Missing overnight; returned in a taxi from out of the area, would not explain",
    "Missing; found in a car with older males at motorway services, money seized",
    "Missing two nights; located by another force at a flat used to sell drugs",
)
CCE_RHI = (
    "Return interview: would not say where he had been or how he travelled",
    "Return interview: says he was 'working'; frightened about a debt",
    "Return interview declined",
)
CCE_CRIME = (
    "Possession with intent to supply class A drugs; arrested in another force area",
    "Possession of cannabis with intent to supply",
    "Found with wraps of crack cocaine and cash; released under investigation",
    "Possession of a bladed article",
)
CCE_INTEL = (
    "Believed to be running drugs for an out-of-town line",
    "Seen getting into cars with adult males outside the station",
    "Travelling by taxi to a neighbouring county several times a week",
    "Young person holding a deal line phone; in contact with known dealers",
)
CCE_STOP = "Vehicle stopped far from home; {n} adult males and a young passenger; cash seized"
CCE_VICTIM = "Modern slavery: child criminal exploitation (county lines); NRM referral made"
CCE_REFERRAL = (
    "Referral: criminal exploitation concerns (county lines)",
    "Referral from police: found out of area, concerns of criminal exploitation",
)
CCE_SCHOOL = (
    "Concern: new expensive clothes and trainers; money unexplained",
    "Concern: picked up at the school gate by older youths in a car",
    "Concern: carries two phones; takes calls in lessons",
)
CCE_EXCLUSION = (
    "Suspension (5 days): possession of cannabis",
    "Suspension (5 days): carrying a knife",
    "Permanent exclusion",
)
CCE_AE = (
    "Stab wound to thigh; would not say how it happened",
    "Assault: injuries to face, vague account",
    "Cannabis-related anxiety attack",
)
CCE_SUBSTANCE = ("Referred by the youth justice service: cannabis use",)
