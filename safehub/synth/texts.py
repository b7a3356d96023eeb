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

MISSING_BENIGN = (
    "Did not return home after school; found at a friend's house",
    "Stayed out after an argument at home; returned of own accord",
    "Missing overnight after a party; returned next morning",
    "Late home from town centre; found by police in the park",
    "Left placement after a row with staff; returned the same night",
)
MISSING_HARM = (
    "Missing overnight; located at an address with adult males, intoxicated",
    "Missing two nights; returned in a taxi, would not say where she had been",
    "Missing; seen getting into a car near the takeaway; returned next day",
    "Missing from placement; found at a hotel in the town centre",
    "Missing; new phone and clothes on return, no explanation",
    "Missing; located in a vehicle with older males on an industrial estate",
)
RHI_BENIGN = (
    "Return interview: argument at home, stayed with a friend",
    "Return interview: went to a party, lost track of time",
    "Return interview declined",
    "Return interview not completed within 72 hours",
)
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
EXCLUSION = (
    "Suspension (1 day): persistent disruptive behaviour",
    "Suspension (3 days): verbal abuse",
    "Suspension (5 days): physical assault on a pupil",
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
