"""Small hand-made word lists for names: titles, name connectors, pronouns and first names by gender.

Countries and other places come with the trained model (``resources/nlp/entities.json.gz``, built
from pycountry's ISO 3166 names by :mod:`reader.training.entities`).
"""
from __future__ import annotations

# Titles and honorifics that may precede a name; they are kept in a mention's span but never in an
# entity's display name. Lower-case, without the final full stop.
MALE_TITLES = frozenset("mr sir lord king prince duke baron count emperor sheikh father brother monsignor "
                        "messrs".split())
FEMALE_TITLES = frozenset("mrs ms miss madam madame mme mlle lady queen princess duchess baroness countess "
                          "empress sister dame".split())
TITLES = MALE_TITLES | FEMALE_TITLES | frozenset("""
dr prof professor pres president vice vp premier chancellor minister secretary senator sen rep representative
congressman congresswoman congressmember gov governor mayor judge justice chief general gen lt lieutenant
col colonel maj major capt captain cmdr commander adm admiral sgt sergeant cpl corporal pvt private
officer detective det inspector supt superintendent constable sheriff marshal ambassador envoy
chairman chairwoman chair ceo director rev reverend pastor bishop archbishop cardinal pope rabbi imam
ayatollah hon honorable speaker leader coach agent attorney prosecutor commissioner councillor
councilman councilwoman councilmember alderman deputy crown prime first lady former acting
us u.s mp mep dj saint st spokesman spokeswoman spokesperson adviser advisor
""".split())

# Lower-case words that may sit inside a multi-word name: "Bank of America", "Charles de Gaulle".
CONNECTORS = frozenset("of the and & de del della der den di da du la le van von y al el bin ibn 's ’s - . for on"
                       .split())

# words that name a storm before its given name ("Hurricane Sandy", "Tropical Storm Ana", "Typhoon
# Haiyan"): the name is a storm's, not a person's
STORM_WORDS = frozenset("hurricane typhoon cyclone storm".split())

# words that make a day of the week the name of a day ("Super Tuesday", "Black Friday", "Bloody
# Sunday"): a closed class
DAY_NAMERS = frozenset("super black good ash cyber easter palm bloody holy shrove maundy fat giving".split())

# interjections that can stand before a name in direct address ("Hey Frank", "Oh Lord"): a closed class
INTERJECTIONS = frozenset("hey hi hello aw wow yo bye goodbye".split())
# not "no", "yes" ("No Child Left Behind") nor "oh", "ah" (surnames: "Oh Se-hoon", "Ah Kong Lee")
# English month names, fixed: calendar.month_name follows the process's locale (LC_TIME), which the
# desktop app sets to the user's
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
MALE_PRONOUNS = frozenset("he him his himself".split())
FEMALE_PRONOUNS = frozenset("she her hers herself".split())

_MALE_NAMES = """
aaron adam adrian ahmed alan albert alex alexander alexei ali andrew andy angelo anthony antonio arthur
barack ben benjamin bernie bill billy bob bobby boris brad brandon brett brian bruce carl carlos charles
charlie chris christopher chuck colin craig dan daniel dave david dennis dick dmitry don donald doug
douglas dylan ed eddie edward emmanuel eric erik evan frank franklin fred frederick gary george gerald
gordon greg gregory hank harold harry henry herbert howard hugh ian igor isaac ivan jack jacob jake
james jared jason jeb jeff jeffrey jeremy jerome jerry jim jimmy joe joel john johnny jon jonathan
jorge jose joseph josh joshua juan justin keith ken kenneth kevin kim_jong larry lee leo leonard lindsey
lloyd louis luis marco marcus mario mark martin matt matthew michael miguel mike mitch mohammed
muhammad nathan neil nicholas nick nicolas olaf oliver omar oscar patrick paul pedro pete peter
phil philip rafael ralph ray raymond recep ricardo richard rick rob robert roger ron ronald roy rudy
russell ryan sam samuel scott sean sergei sergey stephen steve steven stuart ted terry thomas tim
timothy todd tom tony vladimir volodymyr walter wayne william willie xi yuri zach
""".split()
_FEMALE_NAMES = """
abigail alexandra alice alicia amanda amy andrea angela angelina ann anna anne annie barbara betty
beverly brenda carol caroline carolyn catherine cheryl christina christine cindy claire claudia
cynthia dana deborah debra denise diana diane donna dorothy elena elizabeth ellen emily emma
evelyn frances gina gloria grace hannah heather helen hillary ilhan irene jacqueline jane janet
jean jennifer jessica jill joan joyce judith judy julia julie karen katherine kathleen kathy
kamala karine kate katie kelly kimberly kristi kristen laura lauren linda lisa liz lori louise
lucy maria marie marjorie marilyn martha mary megan melania melissa michelle monica nancy natalie
nicole nikki olivia pamela patricia paula rachel rebecca rose ruth samantha sandra sara sarah sharon
shirley sophia stephanie susan suzanne tamara teresa theresa tiffany tulsi ursula victoria
virginia wendy
""".split()
FIRST_NAME_GENDER = {**{n: "male" for n in _MALE_NAMES}, **{n: "female" for n in _FEMALE_NAMES}}


# nouns that say a person's sex when they stand for the name ("Mother", "the Queen"): closed class
FEMALE_NOUNS = frozenset("mother mom mum wife sister daughter aunt grandmother niece queen".split())
MALE_NOUNS = frozenset("father dad husband brother son uncle grandfather nephew king".split())
# Relatives only a person has: "Tyler's parents" makes Tyler a person whatever else the name could be
# (a town in Texas). Not "sister", "parent" or "children": "Boston's sister city", "the firm's parent
# company", "Gaza's children".
KIN_NOUNS = frozenset("""wife husband mother father mom mum dad son daughter brother grandmother grandfather
grandson granddaughter uncle aunt nephew niece cousin widow widower girlfriend boyfriend fiancé fiancée
stepson stepdaughter stepmother stepfather parents grandparents""".split())


def name_gender(name: str, lexicon: dict | None) -> str | None:
    """"male", "female" or None for a person's name: its first word as a first name of one sex only
    (the list above or the model's census lists, ``lexicon`` "male"/"female"), a gendered title or
    noun standing for the name ("Mother", "Queen Elizabeth")."""
    words = [w.lower().strip(".,’'") for w in name.split()]
    while words and words[0] in TITLES:              # "Judge Mira Kessel": only some titles say
        if words[0] in MALE_TITLES:
            return "male"
        if words[0] in FEMALE_TITLES:
            return "female"
        words = words[1:]
    if not words:
        return None
    first = words[0]
    if first in MALE_NOUNS:
        return "male"
    if first in FEMALE_NOUNS:
        return "female"
    if len(words) < 2:
        return None
    if first in FIRST_NAME_GENDER:
        return FIRST_NAME_GENDER[first]
    lexicon = lexicon or {}
    male, female = first in lexicon.get("male", ()), first in lexicon.get("female", ())
    return "male" if male and not female else "female" if female and not male else None


def is_first_name(lower: str, lexicon: dict | None) -> bool:
    """A known first name: the list above, or the model's census lists (``lexicon`` "male"/"female")."""
    lexicon = lexicon or {}
    return lower in FIRST_NAME_GENDER or lower in lexicon.get("male", ()) or lower in lexicon.get("female", ())


# the possessive determiners: "his wife Manju Sam", "My Lords"
POSSESSIVE_DETERMINERS = frozenset({"his", "her", "their", "our", "my", "your", "its"})

# number words and their digits: a share of people ("one in three said"), a number in a summary
NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                "eight": "8", "nine": "9", "ten": "10"}
# numbers a sentence may open with as its subject ("Thirty percent said …", "Seventy-five said …")
COUNT_WORDS = frozenset(NUMBER_WORDS) | frozenset("""eleven twelve thirteen fourteen fifteen sixteen seventeen
eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred""".split())


def is_name_word(lower: str, lexicon: dict | None) -> bool:
    """A first name or surname of the model's census lists (``lexicon``) that running text does not
    write in lower case: "Lee", "Lynch"; not "Will" or "Young"."""
    lexicon = lexicon or {}
    return lower not in lexicon.get("common", ()) and any(
        lower in lexicon.get(kind, ()) for kind in ("surname", "male", "female"))


def plural_name_word(name: str) -> bool:
    """One capitalised word in the plural, perhaps hyphenated: "Democrats", "African-Americans"
    (a group of people, or a surname in -s: "Sanders"; the caller tells them apart)."""
    parts = name.split("-")
    return (all(p.isalpha() and p[0].isupper() and p[1:].islower() for p in parts) and len(name) > 3
            and name.endswith("s") and not name.endswith(("ss", "us", "is")))


def is_plain_word(lower: str, lexicon: dict | None) -> bool:
    """A word running text writes in lower case (the model's "common" list) and no known surname:
    "Hotel", "Center" end no person's name; "Young" and "Park" may."""
    lexicon = lexicon or {}
    return lower in lexicon.get("common", ()) and lower not in lexicon.get("surname", ())


# Organisations that news mentions by name without saying what they are. Lower-case.
WELL_KNOWN_ORGANIZATIONS = frozenset(line.strip() for line in """
google|alphabet|microsoft|apple|amazon|facebook|meta|twitter|instagram|youtube|tiktok|netflix|tesla|spacex
ibm|intel|nvidia|samsung|sony|nokia|huawei|toyota|ford|boeing|airbus|walmart|exxon|exxonmobil|chevron|shell
bp|gazprom|openai|uber|disney|pfizer|moderna|goldman sachs|jpmorgan|citigroup|hsbc|barclays|yahoo|wikipedia
wikimedia|wikinews|reuters|associated press|ap|afp|bbc|cnn|fox news|msnbc|nbc|abc|cbs|npr|pbs|al jazeera
new york times|washington post|wall street journal|guardian|the guardian|times|bloomberg|politico|axios
nasa|esa|fbi|cia|nsa|fda|cdc|epa|irs|dhs|ice|pentagon|white house|kremlin|congress|senate|house|parliament
supreme court|state department|justice department|department of justice|department of defense|nato|un
united nations|u.n.|eu|european union|european commission|who|world health organization|imf|world bank
wto|opec|unicef|unesco|unhcr|red cross|amnesty international|human rights watch|greenpeace|interpol
hamas|hezbollah|taliban|isis|al-qaeda|al qaeda|democrats|republicans|democratic party|republican party
gop|labour|conservatives|conservative party|labour party|tories|liberal democrats|ukip|sinn fein|kgb|fsb
harvard|yale|stanford|mit|oxford|cambridge|princeton|columbia university|scientology|church of scientology
""".replace("\n", "|").split("|") if line.strip())

# Last words that make a capitalised name an organisation ("Andy Warhol Foundation", "Home Office")
# or a place ("Flag Land Base", "Shandao Station"). Lower-case, hand-made.
ORG_HEADS = frozenset("""
inc inc. corp corp. co co. ltd ltd. llc plc gmbh ag sa company companies corporation group holdings
bank university college school academy institute institution foundation trust fund society association
council committee commission board agency authority bureau office ministry department service services
party union league federation confederation alliance coalition movement front army navy force forces
corps police guard legion brigade regiment church parliament assembly congress senate court tribunal
government administration cabinet journal magazine news times post herald gazette tribune press radio weekly daily
television tv network studios studio records publishing organization organisation club team fc
orchestra band festival center centre hospital museum gallery library laboratory laboratories labs org
systems technologies airlines airways motors industries enterprises partners associates
""".split())
# Last words that make a capitalised name an event, typed "other": "Taipei City Lantern Festival",
# "Booker Prize", "Northern Arena Esports Championship". Lower-case, hand-made.
EVENT_HEADS = frozenset("""
festival fair expo exhibition championship championships cup tournament olympics prize prizes
award awards marathon summit
""".split())
PLACE_HEADS = frozenset("""
street st road rd avenue ave boulevard blvd lane square plaza bridge tunnel highway freeway station
airport port harbour harbor base park river lake sea ocean bay gulf strait channel island islands
mountain mountains mount hill hills valley canyon desert forest beach coast peninsula cape county
province state city town village district region territory borough township memorial hall tower
towers building palace castle cathedral temple mosque stadium arena
""".split())

# Last words of the names of sites a visitor goes to ("Halden Lighthouse", "Avery Gardens", "Saint
# Brendan Abbey"): with a capitalised last word, a place, not a person. Not tagger features (the
# place heads above are); a census surname among them ("Gates", "Falls") is left out where used.
SITE_HEADS = frozenset("""
lighthouse gardens garden abbey cottage cottages chapel monastery priory market markets pier quay
wharf marina inn hotel hostel zoo aquarium theatre theater cemetery reserve falls promenade
esplanade gate gates fountain monument mall shrine basilica observatory pavilion terrace waterfront
boardwalk fortress ruins viaduct canal dam springs caves cave
""".split())

# Last words of a title that names a person by office: "Home Secretary", "Secretary of State" (the
# word before "of"), "United Nations High Commissioner". Lower-case.
ROLE_HEADS = frozenset("""
president vice-president secretary minister commissioner spokesperson spokesman spokeswoman director
chairman chairwoman chancellor governor mayor senator ambassador prosecutor premier envoy
secretary-general attorney-general ombudsman sheriff treasurer
""".split())

# Countries written as capitals, which the place list leaves out because "us" is a common word.
PLACE_ABBREVIATIONS = frozenset("us u.s. u.s usa u.s.a. uk u.k. uae".split())

# First words that make a name of two or more words a place: "Fort Lee", "Lake Erie", "Port Hutt",
# "Mount Kenya". Lower-case, without the final full stop.
PLACE_PREFIXES = frozenset("fort ft port lake loch mount mt cape isle isla glen gulf bay sierra".split()) | frozenset(
    # the words that open names of streets, squares, bridges, churches, museums and palaces in
    # Portuguese, Spanish, Catalan, French and Italian ("Rua Direita", "Calle Mayor", "Praça da
    # Matriz", "Rue de Rivoli", "Ponte Velha", "Museu Casa de Cora", "Igreja de São Francisco")
    """rua calle carrer avenida rue via viale piazza piazzale plaza praça praca largo paseo camino strada
    vila ponte puente pont porta puerta museu museo musée igreja iglesia chiesa église catedral palazzo
    palacio castillo castelo castello torre parque parc parco praia playa monte lago ilha cerro""".split())

# Words for peoples and nationalities used as adjectives ("European leaders", "an Afghan family"):
# never a named person, organisation or place on their own. Lower-case singular forms; plural
# nouns ("Europeans") are left to the tagger.
DEMONYMS = frozenset("""
american british english scottish welsh irish french german italian spanish portuguese dutch belgian
swiss austrian swedish norwegian danish finnish icelandic polish czech slovak hungarian romanian
bulgarian greek turkish russian ukrainian belarusian georgian armenian azerbaijani kazakh uzbek
chinese japanese korean taiwanese vietnamese thai cambodian burmese malaysian indonesian filipino
singaporean indian pakistani bangladeshi afghan iranian iraqi syrian lebanese israeli palestinian
jordanian saudi yemeni omani emirati qatari kuwaiti egyptian libyan tunisian algerian moroccan
sudanese ethiopian somali kenyan ugandan tanzanian rwandan nigerian ghanaian senegalese malian
congolese angolan zimbabwean zambian african european asian arab arabic latin hispanic canadian
mexican cuban brazilian argentine argentinian chilean colombian peruvian venezuelan bolivian
ecuadorian australian zealander western eastern northern southern soviet nordic baltic balkan
slavic jewish muslim christian catholic protestant orthodox sunni shia shiite hindu buddhist sikh
islamic kurdish pashtun rohingya uyghur tibetan serbian croatian bosnian albanian macedonian
slovenian estonian latvian lithuanian moldovan mongolian nepali nepalese sri lankan haitian
jamaican puerto rican
""".split())

# Lower-case nouns for what a person is or does, written straight before a name: "author Truman
# Capote", "Facebook co-founder Mark Zuckerberg", "wife Melania". GUM and OntoNotes make that noun
# the head of the mention and the name hang on it, so the mention of the person is the whole phrase
# (see reader.nlp.entities.role_phrases). Singular forms; nouns ending in -ist, -ian, -grapher, -ologist
# and most in -er / -or are taken by their ending (is_person_noun), so this list holds the rest.
PERSON_NOUNS = frozenset("""
actor actress artist author student co-founder cofounder founder creator chef coach poet star wife
husband son daughter brother sister mother father uncle aunt cousin nephew niece grandson
granddaughter friend colleague partner boyfriend girlfriend fiancé fiancée widow widower spouse
nurse pilot host model guard analyst scientist expert candidate nominee spokesman spokeswoman
spokesperson chairman chairwoman businessman businesswoman congressman congresswoman lawmaker
politician diplomat official agent assistant aide adviser advisor attorney counsel judge magistrate
president resident citizen native veteran graduate undergraduate pupil intern apprentice surgeon
physician psychiatrist therapist cosplayer athlete champion captain sergeant lieutenant colonel
general detective constable sheriff deputy prosecutor barrister solicitor defendant plaintiff
appellant claimant suspect victim witness survivor refugee migrant immigrant protester protestor
activist journalist novelist columnist critic economist historian musician comedian magician
mathematician philologist biologist curator illustrator photographer publisher owner researcher
campaigner writer songwriter singer-songwriter singer rapper dancer director producer designer
manager teacher lawyer leader officer engineer architect conductor interviewee speaker entrepreneur
billionaire millionaire tycoon mogul heiress heir monk priest nun pastor rabbi imam bishop cardinal
""".split())

# Words ending like nouns for people ("-er", "-or", "-ent") that are not ones: the base that both the
# person-noun test here and the speaker-noun test of reader.nlp.cues leave out.
NOT_PERSON_ENDINGS = frozenset("""
after another better border center earlier either error ever factor for further her however later
letter matter neither never nor number or order other over paper per power quarter rather sector
sooner together under water whether
""".split())

# ... and those that may also stand before a name without heading its mention ("former", "senior"),
# verbs ("remember") and adjectives ("older").
NOT_PERSON_NOUNS = NOT_PERSON_ENDINGS | frozenset("""
answer asian bigger centre chapter christian clever color colour consider corner cover deliver discover
door eager elder enter exterior favor favour fewer floor former gather greater honor honour inner
interior junior labor labour larger latter longer lower major median minor mirror monitor murder newer
offer older outer prefer prior proper recover refer register remember river senior smaller sober
suffer summer super superior tower transfer upper whatever whenever wherever winter wonder younger
""".split())


def is_person_noun(lower: str) -> bool:
    """Whether a lower-case word names a person by role or relation ("author", "photographers")."""
    if not lower.replace("-", "").isalpha() or lower in NOT_PERSON_NOUNS:
        return False
    word = lower[:-1] if lower.endswith("s") and len(lower) > 4 and not lower.endswith("ss") else lower
    if word in PERSON_NOUNS or lower in PERSON_NOUNS:
        return True
    if word in NOT_PERSON_NOUNS or len(word) < 5:
        return False
    return word.endswith(("ist", "ian", "er", "or"))      # -ologist, -grapher, -eer among them


# conjunctions that open a sentence before a name ("While Trump …", "After Obama left …"): closed class
OPENING_CONJUNCTIONS = frozenset("while when whenever after before although though if unless as because since "
                                 "until till once whereas whether and but or nor yet so".split())
# closed-class words that open a sentence or a quotation and never a name: the conjunctions above,
# correlatives and prepositions ("Neither Cruz nor …", "Unlike Hillary Clinton, …", "At Tuesday’s …"),
# quantifiers and conjunctive adverbs ("Most …", "More Hillary Clinton emails …", "Hence …"). Not
# the prepositions that open company and programme names ("Under Armour", "Beyond Meat", "Inside
# Edition", "Over the Top")
OPENING_FUNCTION_WORDS = OPENING_CONJUNCTIONS | frozenset(
    "neither either both unlike like besides despite without at in on for from by with to into about among "
    "against outside within throughout during toward towards upon amid amidst along across "
    "than more most many some several few fewer less hence thus therefore however moreover meanwhile "
    "nevertheless nonetheless furthermore instead indeed maybe perhaps".split())


# a member of a party, written before a person's name like a title ("Democrat Hillary Clinton",
# "Republicans Cory Gardner and …"); a closed list, as the titles are
PARTY_MEMBERS = frozenset({"democrat", "democrats", "republican", "republicans", "tory", "tories",
                           "libertarian", "libertarians"})
# one member of a party, or the party's adjective: alone, no one's name ("Clinton, a Democrat,",
# "Democrat voters", "the Democratic candidate")
PARTY_WORDS = frozenset({"democrat", "republican", "tory", "libertarian", "democratic"})


# the states of the US as AP style abbreviates them after a town ("Brick, N.J.", "Fresno, Calif."):
# with dots inside, as one token; and the words written before a full stop. Not "Miss.", "Ind.",
# "Wash." or "La.", which are also a title, a party, a verb or an article
STATE_INITIALS = frozenset("n.j. n.y. n.c. n.h. n.m. n.d. s.c. s.d. r.i. d.c.".split())
STATE_ABBREVIATIONS = frozenset(
    "ala ariz ark calif colo conn del fla ga ill kan ky md mass mich minn mo mont neb nev okla ore pa "
    "tenn vt va wis wyo".split())
