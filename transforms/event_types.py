"""The event types of numeric claims, the words (lemmas) that tell each ("killed" and "death toll" tell KILL), and
the nouns that name people."""

EVENT_LEMMAS = {
    "KILL": "kill die dead death fatality toll slay massacre execute behead assassinate murder perish "
    "casualty body corpse drown lynch life loss",
    "WOUND": "injure wound hurt shoot maim injury wounded injured treat hospitalise hospitalize",
    "DISPLACED": "displace evacuate uproot homeless flee evacuee displaced",
    "REFUGEE": "refugee migrant asylum",
    "DEPLOY": "deploy send station dispatch reinforce mobilise mobilize deployment",
    "ARREST": "arrest detain jail imprison capture sentence convict round detention prisoner detainee",
    "KIDNAP": "kidnap abduct hostage kidnapping abduction",
    "AFFECT": "affect need risk starve lack strand",
    "PROTEST": "protest demonstrate rally march protester demonstrator demonstration",
    "AID": "aid donate pledge grant relief assistance donation lend freeze moratorium bailout humanitarian",
}
# The event types whose figures count people.
PEOPLE_CATEGORIES = {"KILL", "WOUND", "DISPLACED", "REFUGEE", "ARREST", "KIDNAP", "AFFECT", "PROTEST"}
CATEGORY_OF = {lemma: cat for cat, words in EVENT_LEMMAS.items() for lemma in words.split()}

PERSON_NOUNS = {
    "people",
    "person",
    "civilian",
    "soldier",
    "troop",
    "child",
    "woman",
    "man",
    "refugee",
    "migrant",
    "resident",
    "villager",
    "fighter",
    "militant",
    "rebel",
    "policeman",
    "officer",
    "student",
    "worker",
    "protester",
    "demonstrator",
    "prisoner",
    "hostage",
    "passenger",
    "member",
    "citizen",
    "palestinian",
    "israeli",
    "victim",
    "other",
    "pilgrim",
    "guard",
    "gunman",
    "settler",
    "suspect",
    "activist",
    "supporter",
    "detainee",
    "inmate",
    "youth",
    "teenager",
    "girl",
    "boy",
    "adult",
    "baby",
    "infant",
    "patient",
    "miner",
    "farmer",
    "crew",
    "staff",
    "employee",
    "family",
    "guerrilla",
    "insurgent",
    "combatant",
    "journalist",
    "tourist",
    "doctor",
    "nurse",
    "pupil",
    "opponent",
    "dissident",
    "official",
    "leader",
}


# Things whose names end as names of people do ("-er"): a "helicopter shot down" is no one wounded.
THING_NOUNS = {
    "helicopter",
    "tanker",
    "carrier",
    "freighter",
    "destroyer",
    "minesweeper",
    "container",
    "computer",
    "trailer",
    "launcher",
    "transporter",
    "scooter",
    "jetliner",
    "airliner",
    "liner",
    "barrel",
    "meter",
    "order",
    "quarter",
    "number",
    "dollar",
    "paper",
    "chapter",
    "letter",
    "border",
    "tower",
    "center",
    "centre",
}


def names_people(lemma: str) -> bool:
    """Whether a noun (its lemma) names people: "civilian", "supporter", "Palestinian", "chairman"."""
    if lemma in THING_NOUNS:
        return False
    return lemma in PERSON_NOUNS or lemma.endswith(
        ("er", "ian", "ist", "man", "men", "ant", "ee", "girl", "boy", "child", "woman")
    )
