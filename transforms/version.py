"""The extractor's version: part of every document's pipeline version."""

# Bump on any change to what the transforms produce: documents analysed under another version are
# analysed again, and cached task results of another version are never reused.
# 5: values without float noise; numbers past a float's range dropped; the number grammar reads a bounded
# window around each number; long texts analysed in pieces; "sentences" over 5,000 characters get no claims
# 6: documents' publication time; claims' time interval, country and coordinates
# 7: "he said" and "it said" attributed to the person or body named before; an article's country by plurality,
# and a claim without a place of its own takes it (not the country of another place its sentence names);
# a claim's time from its own clause (or one under it), a period that is a figure of its own ("in three nights");
# "$2 B", "US$3mil"; stock indexes' numbers are names; "shot dead" is KILL, "a 3,000-strong brigade" DEPLOY;
# "six to seven thousand" is 6,000 to 7,000; signed numbers ("fell -2.4%", "−3"); "300 - 400 metres" is a range;
# a place before an event noun is the claim's place ("the Baghdad bombing"); "from 1,200 sq ft up to 1,800 sq ft";
# the object of money is what it is in or for ("$50 million in relief funds"), of a percentage what it is of
# 8: a claim's place from its own clause first; places the small model misreads ("in Angur Adar", "Banda Aceh
# province", "Pakistani territory"); the smaller place of "X in Y"; a dateline; "across the region"; a time adverb of
# the verb a participle hangs on or of the figure ("a previously reported 85"); a period holding the claim's clause;
# "at the time of the blast"; not the time a speaker reported at; provinces and states give countries (pycountry)
# a figure's direction: up or down for a change ("rose 5%", "a 3% drop") and the levels it went from and to
# scientific notation; units from pint's registry ("12 psi", "4 kV"); lakh and crore; "a 30k salary"; house and shirt
# numbers are names; "some 1200" is a count
# objects: an amount's container with what it is of, a distance, a cost, a prison sentence, "the number of X"; a
# conjunct with its own number is another object
# "one" as the number of a noun ("one reactor"); "$-50.8 billion"; house numbers as ranges
# a headline's bare figure takes the object its article reports; "240 km north of Tokyo", "5 km (3 miles) away" are
# distances
# "Nineteen more were injured" counts what the article counted before
# a body line in which a sentence ends is prose, whatever trails it ("... said. reuter")
# 20: a headline in capitals is analysed with its words cased as its article writes them ("in Soweto attack");
# a claim placed in a region of several countries ("south and east Asia") has no country, not its article's;
# a sentence of a quotation without a speaker of its own takes the quotation's speaker; "the newspaper said" is the
# outlet named before, "the statement issued by X said" is X, "IRNA quoted the commander as saying" the commander;
# time: an adverb of the figure's own verb ("is now three") before a date of the clause beside it, not when a
# speaker spoke ("had earlier said it was two"), the date of a relative clause telling of what is counted
# ("explosions which rocked Mumbai on 12 March 1993"), the day of a "when" clause holding the figure, the time
# subject conjoined verbs share ("the first night left 80 dead and 150 wounded"), not a time of a clause under the
# figure's that reports a figure of its own ("closed two banks, making 40 failures this year"); where a source is or speaks is
# not its figure's place ("officials in Kabul said"); "the number of X killed is N" is KILL, and so are who "blew
# themselves up"; a "toll" of what are not people is not
# 21: a negated verb gives no event type ("supporters ... would not be arrested", "40 passengers were not hurt")
# 22: a word of a name or a date gives no event type ("Merrill Lynch", "March"), nor a body of a thing ("wide-body
# jets", "research bodies"); a protest counts people ("exports rallied", "a protest at 800 redundancies" are none); a
# day of the month in words is no count ("began March nine"); the wounded are people (not "a helicopter shot down");
# who is in need is who needs, not what a subject needs ("the bank needed 800 employees")
# 23: an age at death is no count ("has died in Germany at 50"); what a relative clause tells the counted did to
# others is not what happened to them ("three gunmen who killed 20 people were arrested" are ARREST); what is needed
# is in no need ("after needing five sets"), who is "in need" or "at risk" is; a participle before a noun is no aid
# word ("freezing temperatures"); words of two senses in the event's only: "rounded up" (not "rounds of talks"),
# people "executed" (not licenses), "refugee families" (not "refugee camps"), troops "placed on alert" (not "an
# order for four aircraft"), "sent 300 to the front" (not "sent the index to a high of 306.10"), a rally's
# people (not "a rally sent the index to a high of 306.10"); "sent 17 to hospital" is WOUND; what then happened to
# who did something ("two gunmen who shot a settler dead before being killed") is their event; things whose names
# end like people's ("warrants", "plants", "restaurants", "a committee") are not people; who "took part in" a
# march protested; fans "treated to" a show are not hurt; more nouns of people ("kids", "pilots", "fans", "captives", "Kurds", "Sikhs"); "July 1-10" is the first ten days of July, not the first of July 1910
EXTRACTOR_VERSION = "claims-23"
