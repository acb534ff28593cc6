"""English as data: every word list the stages share, each defined once.

Like spaCy's `lang/en/`, this module holds language and no logic: speech verbs with
their forms, titles with the gender they imply, pronouns with gender, number and case,
role words, demonyms, question words, number and date words. Nothing here comes from
any one corpus; a word belongs when it is English news usage in general. The stages
(attribution, question reading, highlighting, conversations) import these and keep no
lists of their own, so a fix made here reaches all of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _words(
    """a about above after again against all am an and any are aren't as at be because been before being
    below between both but by can cannot could did didn't do does doesn't doing don't down during each few
    for from further had has hasn't have haven't having he he'd he'll he's her here here's hers herself him
    himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most my
    myself no nor not of off on once only or other ought our ours ourselves out over own same she she'd
    she'll she's should so some such than that that's the their theirs them themselves then there there's
    these they they'd they'll they're they've this those through to too under until up very was wasn't we
    we'd we'll we're we've were weren't what what's when when's where where's which while who who's whom
    why why's will with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves
    s t also just mr mrs ms"""
)
# Capitalised only because they open a sentence ("Instead, ...", "Meanwhile the ..."): never a name.
SENTENCE_ADVERBS = _words(
    """however meanwhile instead sometimes still yet earlier later now today yesterday moreover
    furthermore nevertheless nonetheless indeed overall initially eventually finally currently
    recently previously"""
)

# Words ending in a full stop that do not end a sentence ("Mr. Smith", "Acme Inc. said").
ABBREVIATIONS = tuple("Mr Mrs Ms Dr Prof Sen Rep Gen Col Lt Sgt St Jr Sr Inc Ltd Co No vs etc".split())


# --- Titles and names -----------------------------------------------------------------------------

# Honorifics written before a name, with the gender each implies ("" when it implies none).
TITLE_GENDER: Mapping[str, str] = {
    "mr": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "dr": "",
    "sir": "m",
    "lord": "m",
    "lady": "f",
    "dame": "f",
    "prof": "",
    "sen": "",
    "rep": "",
    "gov": "",
    "rev": "",
    "cllr": "",
    "gen": "",
    "col": "",
    "lt": "",
    "sgt": "",
    "capt": "",
    "supt": "",
    "insp": "",
    "det": "",
}
TITLES = frozenset(TITLE_GENDER)
COURTESY_TITLES = _words("mr mrs ms miss")  # go with a surname; "Lord Ricketts" is a name, "Mr Ricketts" not
GIVEN_NAME_TITLES = _words("sir dame lady")  # go with a given name: "Sir Keir" is Keir Starmer
NAME_PARTICLES = ("de", "van", "von", "al", "bin")  # lower-case words inside a person's name
# Lower-case words inside a proper name of any kind ("Bank of England", "Charles de Gaulle").
PROPER_NAME_JOINERS = ("of", "the", "de", "von", "van", "al", "bin", "and", "upon")
ACRONYM_JOINERS = ("of", "the", "and", "for")  # words an acronym skips: "UMC", "United Methodist Church"

# Last words that make a capitalised phrase an institution, not a person ("the White House").
INSTITUTION_WORDS = _words(
    """house office council ministry department government kremlin pentagon committee party agency
    commission parliament embassy army navy police court bank union nations news times telegraph
    street administration"""
)


# --- Roles ------------------------------------------------------------------------------------------

ROLE_WORDS = _words(
    """president prime minister secretary foreign defence defense shadow chancellor former navy rear admiral
    treasury commander envoy ambassador general leader spokesman spokeswoman spokesperson senator king queen
    prince deputy home state vice chief mp mep governor mayor lieutenant colonel captain major the us uk un
    british american national security adviser advisor official officer diplomat director
    head minister chair chairman chairwoman editor professor analyst expert commentator correspondent
    premier treasurer attorney executive manager coach boss founder ceo cfo chairperson
    congressman congresswoman representative councillor councilor judge justice magistrate commissioner
    inspector superintendent constable sergeant detective striker midfielder defender goalkeeper keeper
    winger captain skipper referee economist strategist researcher scientist lawyer barrister solicitor
    prosecutor organiser organizer campaigner activist secretary-general speaker whip bishop
    archbishop cardinal pope msp sheikh emir sultan"""
)
ROLE_CONNECTORS = _words("to of for at the in")  # "ambassador to the United Nations"
GENERIC_ROLE_WORDS = _words("the a an former us uk un")  # say nothing of the job alone
# Words that make a role another one: a "deputy chief executive" is not "the chief executive".
ROLE_QUALIFIERS = _words("deputy vice assistant former acting interim ex associate junior")
# Verbs of a relative clause that gives a role: "Lord Ricketts, who served as the ...".
ROLE_CLAUSE_VERBS = ("is", "was", "served as", "serves as", "has served as", "has been", "had been")
DEMONYMS: Mapping[str, str] = {
    "polish": "poland",
    "french": "france",
    "british": "britain",
    "american": "america",
    "dutch": "netherlands",
    "spanish": "spain",
    "swedish": "sweden",
    "danish": "denmark",
    "turkish": "turkey",
    "greek": "greece",
    "swiss": "switzerland",
    "welsh": "wales",
    "scottish": "scotland",
    "irish": "ireland",
    "english": "england",
    "finnish": "finland",
    "norwegian": "norway",
    "israeli": "israel",
    "chinese": "china",
    "japanese": "japan",
    "italian": "italy",
    "belgian": "belgium",
    "russian": "russia",
    "ukrainian": "ukraine",
    "german": "germany",
    "european": "europe",
    "iranian": "iran",
    "iraqi": "iraq",
    "syrian": "syria",
    "afghan": "afghanistan",
    "indian": "india",
    "pakistani": "pakistan",
    "canadian": "canada",
    "australian": "australia",
    "mexican": "mexico",
    "brazilian": "brazil",
    "korean": "korea",
    "egyptian": "egypt",
    "palestinian": "palestine",
    "lebanese": "lebanon",
    "saudi": "saudi arabia",
    "nigerian": "nigeria",
    "kenyan": "kenya",
    "lithuanian": "lithuania",
    "estonian": "estonia",
    "latvian": "latvia",
    "hungarian": "hungary",
    "romanian": "romania",
    "austrian": "austria",
    "portuguese": "portugal",
    "taiwanese": "taiwan",
    "vietnamese": "vietnam",
}
# Countries as news names them: every DEMONYMS country and the short forms of the largest.
COUNTRY_NAMES = frozenset(v for v in DEMONYMS.values() if v != "europe") | frozenset(
    ("us", "usa", "united states", "uk", "united kingdom", "great britain")
)
# Places a country holds: a question asking for one ("which city", "what venue") is not answered by a country.
LOCAL_PLACE_NOUNS = _words(
    """city cities town towns village villages county counties district districts suburb street streets
    neighbourhood neighborhood airport airports port stadium stadiums ground venue venues theatre theater
    hospital school university universities college prison base factory plant church cathedral museum"""
)


# --- Speech -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpeechVerb:
    """A verb that reports speech, with the forms news copy and questions use.

    `noun_too`: the present form also reads as a noun ("claims", "calls"), so a
    pattern without a parser must not take it for the verb. `asks_words`: "What did
    X <verb>?" asks for X's words ("announce" does; "call", "state", "vow" and "promise"
    need not: "What is it called?", "What state ...?", "a Bodhisattva vow", "were promised").
    """

    lemma: str
    present: str
    past: str
    noun_too: bool = False
    asks_words: bool = True
    gerund: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        """Every form a sentence may use: "say", "says", "said", "saying"."""
        stem = self.lemma[:-1] if self.lemma.endswith("e") and not self.lemma.endswith("ee") else self.lemma
        return (self.lemma, self.present, self.past, self.gerund or f"{stem}ing")


def _verb(
    lemma: str, present: str = "", past: str = "", *, noun_too: bool = False, asks_words: bool = True
) -> SpeechVerb:
    return SpeechVerb(lemma, present or f"{lemma}s", past or f"{lemma}ed", noun_too, asks_words)


SPEECH_VERBS: tuple[SpeechVerb, ...] = (
    _verb("say", "says", "said"),
    _verb("tell", "tells", "told"),
    _verb("add", past="added"),
    _verb("ask", noun_too=True, asks_words=False),
    _verb("warn"),
    _verb("write", "writes", "wrote"),
    _verb("post", noun_too=True),
    _verb("tweet", noun_too=True),
    _verb("claim", noun_too=True),
    _verb("insist"),
    _verb("explain", asks_words=False),
    _verb("state", past="stated", noun_too=True, asks_words=False),
    _verb("declare", past="declared"),
    _verb("urge", past="urged"),
    _verb("argue", past="argued"),
    _verb("reply", "replies", "replied", noun_too=True),
    _verb("continue", past="continued", asks_words=False),
    _verb("note", past="noted", noun_too=True, asks_words=False),
    _verb("suggest", asks_words=False),
    _verb("announce", past="announced"),
    _verb("admit", past="admitted"),
    _verb("describe", past="described"),
    _verb("question", noun_too=True, asks_words=False),
    _verb("accuse", past="accused", asks_words=False),
    _verb("call", noun_too=True, asks_words=False),
    _verb("dismiss", "dismisses", asks_words=False),
    _verb("blast", noun_too=True, asks_words=False),
    _verb("reveal", asks_words=False),
    _verb("confirm", asks_words=False),
    _verb("promise", past="promised", noun_too=True, asks_words=False),
    _verb("vow", noun_too=True, asks_words=False),
    _verb("speak", "speaks", "spoke", asks_words=False),
    _verb("mention", noun_too=True),
    _verb("comment", noun_too=True),
    # Verbs that report what someone said without being asked of ("What did X deny?" asks for a fact).
    _verb("deny", "denies", "denied", asks_words=False),
    _verb("pledge", past="pledged", noun_too=True, asks_words=False),
    _verb("stress", "stresses", noun_too=True, asks_words=False),
    _verb("predict", asks_words=False),
    _verb("acknowledge", past="acknowledged", asks_words=False),
    _verb("concede", past="conceded", asks_words=False),
    _verb("report", noun_too=True, asks_words=False),
    _verb("estimate", past="estimated", noun_too=True, asks_words=False),
    _verb("believe", past="believed", asks_words=False),
    _verb("agree", past="agreed", asks_words=False),
    _verb("forecast", past="forecast", noun_too=True, asks_words=False),
    _verb("complain", asks_words=False),
    _verb("assert", asks_words=False),
    _verb("remark", noun_too=True, asks_words=False),
    _verb("respond", asks_words=False),
    _verb("hint", noun_too=True, asks_words=False),
    _verb("demand", noun_too=True, asks_words=False),
    _verb("recommend", asks_words=False),
    _verb("criticise", past="criticised", asks_words=False),
    _verb("criticize", past="criticized", asks_words=False),
    _verb("welcome", past="welcomed", asks_words=False),
)
# Verbs whose subject is a speaker only in "X is quoted as saying": the speech verb is further down.
QUOTING_VERBS = _words("quote quoted quotes")
# Common nouns that stand for an organisation the article has named ("the firm said", "the club added").
ORGANISATION_NOUNS = _words(
    """firm company group business bank club team side government ministry department council agency
    commission union party regulator watchdog authority board airline carrier retailer maker operator
    network broadcaster channel newspaper paper magazine studio label charity organisation organization
    association federation institute court police army band orchestra choir subsidiary division"""
)
# Nouns for people in general that may speak as a group or one of one ("critics said", "one resident").
PEOPLE_NOUNS = _words(
    """people public voters fans residents resident critics critic sources source members member staff
    families family parents parent children victims victim witnesses witness police students student
    colleagues colleague friends friend neighbours neighbour locals insiders insider aides aide allies
    ally rivals rival opponents opponent supporters supporter experts observers officials party-goers
    man woman men women boy girl mother father son daughter wife husband"""
)
# Endings of English nouns for someone who does something: analyst, lawyer, director, campaigner.
AGENT_SUFFIXES = (
    "ist",
    "ists",
    "er",
    "ers",
    "or",
    "ors",
    "ian",
    "ians",
    "ant",
    "ants",
    "ent",
    "ents",
    "ee",
    "ees",
)
# Heads of a subject that speak for an organisation, never a person of their own ("a spokeswoman for X").
SPOKESPERSON_WORDS = _words("spokesman spokeswoman spokesperson spokesmen spokeswomen representative")
# Asked of ("What does X think?"), never attributed; asked in the present, since "was thought
# to" is a passive of belief, not a question about anyone's words.
OPINION_VERBS: tuple[SpeechVerb, ...] = (_verb("think", "thinks", "thought"),)
# "Did X <phrase> Y?" / "Has X <phrase> Y?": the phrases that ask whether X spoke of Y, every form
# a yes/no question uses (qa.answering.mentions answers them "Yes" or "No").
MENTION_PHRASES = (
    "mention",
    "mentioned",
    "say anything about",
    "said anything about",
    "say something about",
    "said something about",
    "talk about",
    "talked about",
    "speak about",
    "spoke about",
    "spoken about",
    "speak of",
    "spoke of",
    "spoken of",
    "comment on",
    "commented on",
    "refer to",
    "referred to",
    "bring up",
    "brought up",
    "discuss",
    "discussed",
)
MENTION_AUXILIARIES = _words("did does do has have had")  # what a yes/no question about X starts with
TOPIC_MARKERS = ("about", "regarding", "concerning", "on the subject of")  # "what did X say about Y"
AUDIENCE_VERBS = _words("tell told")  # "what did X tell reporters": who heard it, not what about
# A prepositional phrase after "what did X say" names where or when, not what about.
SETTING_PREPOSITIONS = ("on", "in", "to", "at", "during", "via", "after", "before")


# --- Pronouns ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pronoun:
    gender: str  # "m", "f", "n" (it), "" (they: any)
    plural: bool
    cases: frozenset[str]  # "subject", "object", "possessive"


def _pronoun(gender: str, plural: bool, cases: str) -> Pronoun:
    return Pronoun(gender, plural, _words(cases))


PRONOUNS: Mapping[str, Pronoun] = {
    "he": _pronoun("m", False, "subject"),
    "him": _pronoun("m", False, "object"),
    "his": _pronoun("m", False, "possessive"),
    "she": _pronoun("f", False, "subject"),
    "her": _pronoun("f", False, "object possessive"),
    "hers": _pronoun("f", False, "possessive"),
    "it": _pronoun("n", False, "subject object"),
    "they": _pronoun("", True, "subject"),
    "them": _pronoun("", True, "object"),
    "their": _pronoun("", True, "possessive"),
}
PERSONAL_PRONOUNS = frozenset(w for w, p in PRONOUNS.items() if p.gender != "n")  # may stand for people
SUBJECT_PRONOUNS = frozenset(w for w in PERSONAL_PRONOUNS if "subject" in PRONOUNS[w].cases)
POSSESSIVE_PRONOUNS = frozenset(w for w in PERSONAL_PRONOUNS if "possessive" in PRONOUNS[w].cases)
# Pronouns a question uses for whoever it asks about ("What did he say?", "What did it say?").
STANDING_PRONOUNS = frozenset(w for w, p in PRONOUNS.items() if p.cases - {"possessive"})


# --- Questions --------------------------------------------------------------------------------------

# Words that shape a question but are not what it is about.
QUESTION_WORDS = _words(
    """what who whom whose when where why how which did does do say said says tell told think thinks
    thought much many mention mentioned talk talked describe described according"""
)
# A follow-up asking for more of the last answer: "<word> else ...?" ("what else?", "anything else?"),
# or one of these phrases alone.
ELSE_STARTS = _words("what anything who where")
MORE_PHRASES = ("more", "tell me more", "go on", "anything more", "and more")
# Words a question of its own starts with ("and what did he say?" is not "and X?").
QUESTION_STARTS = _words("what who whom whose when where why how which did does do is are was were can could")


# --- Numbers, dates and places ----------------------------------------------------------------------

NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen twenty "
    "thirty forty fifty sixty seventy eighty ninety hundreds? thousands? millions? dozens? several half"
).split()
MONTHS = "January February March April May June July August September October November December".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
# Units of time a length is counted in ("six years", "100 hours": spaCy's dates and times).
DURATION_UNITS = _words(
    """year years month months week weeks day days hour hours minute minutes second seconds century centuries
    decade decades"""
)
# Words after a figure that measure rather than count ("15 years", "$800 million").
UNITS = DURATION_UNITS | _words(
    "million billion trillion thousand hundred per percent cent dollars pounds euros times"
)
PLACE_PREPOSITIONS = (
    "in",
    "at",
    "from",
    "near",
    "to",
    "into",
    "across",
    "on",
    "outside",
    "inside",
    "throughout",
)


# --- What a question asks for ------------------------------------------------------------------------
# The entity types (qa.attribution.entities.TYPES) a "which X" / "what X" question's noun asks for;
# a noun of ORGANISATION_NOUNS asks for an organisation, one of PEOPLE_NOUNS or ROLE_WORDS for a person.
ANSWER_NOUNS: Mapping[str, tuple[str, ...]] = {
    **dict.fromkeys(
        _words(
            """country countries nation city cities town village state region county province capital
            place venue stadium ground island continent area district street theatre theater hospital
            airport port base prison school university festival factory plant"""
        ),
        ("place", "organisation"),
    ),
    **dict.fromkeys(_words("year month day date decade season century"), ("date",)),
    **dict.fromkeys(_words("time hour"), ("time", "date")),
    **dict.fromkeys(
        _words(
            """film films movie movies album albums book books song songs single show shows programme
            programmes program series play musical novel documentary opera drama sitcom epic"""
        ),
        ("work", "product", "event"),
    ),
    **dict.fromkeys(
        _words("product products game games console phone phones device devices car cars model brand brands"),
        ("product", "work", "organisation"),
    ),
    **dict.fromkeys(
        _words("event tournament competition championship cup race match award awards prize ceremony"),
        ("event", "work"),
    ),
    **dict.fromkeys(
        _words(
            """journalist journalists actor actors actress actresses singer singers writer writers
            player players artist artists musician musicians presenter presenters comedian comedians athlete
            athletes runner runners boxer boxers driver drivers designer designers architect architects"""
        ),
        ("person",),
    ),
    **dict.fromkeys(_words("nationality religion"), ("group",)),
    **dict.fromkeys(_words("language languages"), ("language",)),
    **dict.fromkeys(_words("law act bill treaty"), ("law",)),
    **dict.fromkeys(_words("percentage proportion share"), ("percent",)),
    **dict.fromkeys(_words("rate rates turnout inflation unemployment"), ("percent", "quantity", "count")),
    **dict.fromkeys(
        _words(
            """price prices fee fees fine fines salary salaries wage wages pay budget budgets profit
            profits revenue revenues turnover earnings income loss losses debt debts deficit dividend dividends
            investment funding fund bonus bonuses compensation valuation bid fortune"""
        ),
        ("money", "quantity", "count"),
    ),
    **dict.fromkeys(
        _words("population attendance crowd audience toll total capacity"), ("count", "quantity")
    ),
    **dict.fromkeys(
        _words("distance range height length depth weight speed temperature"), ("quantity", "count")
    ),
    **dict.fromkeys(
        _words("level levels threshold low high peak"), ("money", "count", "quantity", "percent")
    ),
    **dict.fromkeys(_words("score scoreline result"), ("score", "count")),  # "4-0", "7-5 6-0"
    **dict.fromkeys(_words("position rank"), ("ordinal",)),
}
# "What will the threshold rise to?", "What did the dollar fall to?": a verb of change before "to"
# or "by" asks for the figure reached or moved by.
CHANGE_VERBS = _words(
    """rise rises rose risen fall falls fell fallen grow grows grew grown increase increases increased
    drop drops dropped climb climbs climbed jump jumps jumped cut cuts reduce reduces reduced raise raises
    raised lower lowers lowered slip slips slipped soar soars soared plunge plunges plunged slump slumps
    slumped decline declines declined shrink shrinks shrank shrunk slide slides slid sink sinks sank
    surge surges surged tumble tumbles tumbled dip dips dipped"""
)
# "How much did Glazer bid?", "How much was she fined?": a verb of paying asks for a sum, never a share
# ("cost" is left out: "By how much did BT cut the cost of ...?" asks for a share).
MONEY_VERBS = _words(
    """pay pays paid paying spend spends spent spending bid bids bidding earn earns earned earning
    sell sold selling fetch fetches fetched owe owes owed invest invests invested investing fine
    fined charge charges charged charging worth"""
)
# How a "how ..." question reads: the entity types it asks for.
HOW_TYPES: Mapping[str, tuple[str, ...]] = {
    "much": ("money", "quantity", "percent", "count"),
    "many": ("count", "quantity", "percent"),
    "big": ("quantity", "money", "count"),
    "large": ("quantity", "money", "count"),
    "expensive": ("money",),
    "old": ("date", "count"),
    "long": ("date", "time", "quantity"),
    "far": ("quantity",),
    "often": ("date", "count"),
    "tall": ("quantity",),
    "high": ("quantity", "money", "percent"),
}
CURRENCY_SIGNS = frozenset("$£€¥")
# Written straight after a figure: "$17m", "5bn", "20k" (spaCy's entity leaves them out).
AMOUNT_SUFFIXES = _words("m bn tn k million billion trillion")
