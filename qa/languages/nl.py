"""Dutch: every Dutch word the system knows, as data."""
from bm25s.stopwords import STOPWORDS_DUTCH

from qa.languages import Language, register

# "Waar blinkt Nederland in uit?", "Waar gaat het over?": "waar" with a preposition left at the end ("waarin") asks
# for a thing, not a place
def _stranded(capture: bool = False) -> str:
    """The rest of a question after "waar" that ends in its preposition, with ``capture`` as a group."""
    return (rf"[^?]*?\s({'' if capture else '?:'}in|op|mee|aan|over|voor|uit|door|naar|bij|om|tegen|onder|van)"
            r"(?:\s+(?-i:[a-zà-ÿ])\w*)?\s*(?:[?.!,]|$|\s(?:als|wanneer|omdat|want|terwijl|dat|die)\b)")


_STRANDED = _stranded()
_SPLIT_WAAR = rf"waar\b(?={_STRANDED})"

# cities, as gazetteer places: a city a question names that the documents never do is a premise they cannot
# confirm ("Why did the king travel to Seoul?")
CITIES = {
    "amsterdam": ("Amsterdam",), "the-hague": ("Den Haag",), "rotterdam": ("Rotterdam",),
    "utrecht-city": ("Utrecht",), "seoul": ("Seoul", "Seoel"), "busan": ("Busan",), "pyongyang": ("Pyongyang",),
    "brussels": ("Brussel",), "paris": ("Parijs",), "london": ("Londen",), "berlin": ("Berlijn",),
    "washington": ("Washington",), "new-york": ("New York",), "tokyo": ("Tokio", "Tokyo"),
    "beijing": ("Peking", "Beijing"), "moscow": ("Moskou",), "madrid": ("Madrid",), "rome": ("Rome",),
    "lisbon": ("Lissabon",), "vienna": ("Wenen",), "copenhagen": ("Kopenhagen",), "stockholm": ("Stockholm",),
    "warsaw": ("Warschau",), "athens": ("Athene",), "geneva": ("Genève",), "strasbourg": ("Straatsburg",),
}

LANGUAGE = Language(
    code="nl", name="Nederlands", stemmer="dutch", bare_endings=("t", "d"), compound_joins=("", "s", "e", "en"),
    separable_particles=frozenset("aan af bij binnen door in mee na om op over terug toe uit vast voor weg vrij"
                                  .split()),
    stopwords=frozenset(STOPWORDS_DUTCH),
    markers=frozenset(STOPWORDS_DUTCH) | {
        "wie", "wat", "waar", "wanneer", "hoeveel", "welke", "welk", "waarom", "hoe", "is", "zijn", "heeft",
        "hebben", "wordt", "worden", "de", "het", "een", "en", "ook", "nog", "daarbij", "daar", "waarmee", "waarin",
        "mijn", "ik", "kan", "moet", "procent", "welke", "getekend", "ondertekend", "tussen", "volgens", "gaan"},
    spelling=r"ij|aa|oe|uu|ui|sch|cht|kk|ë|ï|^v|[^i]en$|e[lnr]ing$",
    texts={
        "not_found": "De documenten geven hierop geen antwoord.",
        "related": "Mogelijk gerelateerd",
        "source_quote": "Uit de bron",
        "sources": "Bronnen",
        "paragraph": "alinea",
        "empty_question": "Stel een vraag over de documenten.",
        "too_long": "Je vraag is te lang ({length} tekens). Houd hem onder {limit} tekens.",
        "no_documents": "Er zijn nog geen documenten geïndexeerd.",
        "sources_placeholder": "Stel een vraag: de bronnen van het antwoord verschijnen hier.",
        "searched_for": "Gezocht met",
        "retrieved": "Opgehaalde passages",
        "earlier": "Eerdere vraag",
        "question": "Vraag",
        "conversation": "Gesprek",
        "no_related": "Geen passages gevonden.",
        "error": "Er ging iets mis bij het beantwoorden. Probeer het opnieuw of stel de vraag anders.",
        "feedback_saved": "Bedankt voor je feedback.",
        "feedback_failed": "Je feedback kon niet worden opgeslagen ({reason}).",
        "llm_fallback": "Extractief antwoord: {reason}.",
        "llm_unsupported": "het antwoord van het taalmodel had geen bewering die de bronnen steunen ({dropped} van "
                           "{claims} weggelaten)",
        "llm_too_slow": "de modelserver op {url} antwoordde niet binnen {seconds} s (verhoog QA_LLM_TIMEOUT_S of "
                        "kies een kleiner model)",
        "llm_key_refused": "de modelserver op {url} weigerde de API-sleutel ({status}); stel QA_LLM_API_KEY in",
        "llm_model_missing": "model '{model}' niet gevonden op {url} (404); zet QA_LLM_MODEL op een model uit "
                             "{url}/models",
        "llm_down": "geen modelserver antwoordt op {url}; start die of stel QA_LLM_BASE_URL in",
        "llm_broke_off": "de modelserver op {url} brak zijn antwoord af; zie zijn log",
        "llm_server_failed": "de modelserver op {url} faalde ({detail}); zie zijn log",
        "llm_request_refused": "de modelserver op {url} weigerde het verzoek voor model '{model}' ({detail}); "
                               "controleer QA_LLM_MODEL en zijn log",
        "answered_by_llm": "Geschreven door het taalmodel; elke zin is gecontroleerd tegen de bronnen.",
    },
    question_cues={
        # the meaning of a term, as a law or a text defines it
        "definition": r"verstaan onder|(?:wordt|worden|is|zijn) (?:er )?(?:\w+ ){0,6}?bedoeld met|"
                      r"wat (?:is|zijn) de (?:definitie|betekenis) van|"
                      r"(?:wie|wat) (?:geldt|gelden) als|"
                      r"wat (?:is|zijn) een [^?,]{1,40}? (?:volgens|in de zin van) "
                      r"(?:de |het )?(?:wet\b|(?-i:[A-Z])\w*)",
        "percent": r"procent|procenten|percentage|welk deel|welk aandeel|hoeveel %|wat is het (?:\w+ )?aandeel van|"
                   r"(?:welke|hoeveel|wat is de|hoe hoog is de) (?:\w+ )?rente\b|rentepercentage",
        # a charge, pay or benefit named by its noun: "Hoe hoog is de dwangsom?", "Wat is het minimumloon?"
        "money": r"(?:wat|hoe hoog|hoeveel) (?:is|zijn|was|waren|bedraagt|bedragen) (?:het|de) (?:\w+ )?\w*(?:boete|dwangsom|"
                 r"salaris|loon|vergoeding|huur|premie|leges|uitkering|toeslag|subsidie|bijdrage|bijslag)(?:en|s)?\b|"
                 r"welke (?:\w+ )?(?:boete|dwangsom|leges)\b|"
                 # a tax or court fee is an amount when asked how high ("Hoe hoog is de hondenbelasting?")
                 r"(?:hoe hoog|hoeveel) (?:is|zijn|was|waren|bedraagt|bedragen) (?:het|de) (?:\w+ )?"
                 r"\w*(?:belasting|heffing|griffierecht|tarief)(?:en)?\b|inkomensgrens|vermogensgrens|"
                 r"hoeveel (?:geld|euro|kost|kosten)|in (?:euro|euro's)|welke? (?:\w+ )?bedrag|"
                 # money by its noun; a benefit ("hoeveel bijstand") may be a share of a norm, so not here
                 r"hoeveel (?:\w+ )?\w*(?:vermogen|spaargeld|loon|salaris|huur|premie)\b|"
                 r"(?:wat|hoeveel) is (?:het|de) (?:\w+ )?(?:bedrag|prijs)|hoe duur|waarde van|wat kost|"
                 r"hoeveel (?:kan|mag|moet) (?:ik|je|u|men) (?:\w+ ){0,3}?"
                 r"(?:lenen|bijverdienen|verdienen|sparen|betalen)\b|"
                 r"(?:wat|hoe (?:groot|hoog)) (?:is|zijn|was|waren) (?:het|de) (?:\w+ )?(?:budget|kosten)|welke kosten",
        "date": r"(?:om )?hoe laat|welke? ja(?:ar|ren)|welke (?:datum|data)|op welke dag(?:en)?|sinds wanneer|"
                r"tot wanneer|in welke maand|op welke datum|vanaf wanneer",
        "duration": r"hoe lang|hoeveel tijd|(?:binnen )?welke (?:termijn|periode)|hoe gauw|"
                    r"wat is de (?:\w+ )?\w*termijn\b|"
                    # postponing or extending is by a length of time: "Met hoeveel mogen ze de beslissing uitstellen?"
                    r"met hoeveel (?:[\w-]+ ){0,6}?(?:uit(?:ge)?stel\w*|verleng\w*|verda\w*|op(?:ge)?schort\w*)",
        "phone": r"telefoonnummer|(?:welk|wat is het) nummer\b(?=.{0,40}\bbel)|naar welk nummer",
        "age": r"welke leeftijd|hoe oud|minimumleeftijd|maximumleeftijd|leeftijdsgrens",
        "frequency": r"hoe vaak|hoe dikwijls|hoe regelmatig|hoeveel keer per|om de hoeveel",
        # a size by its noun: "Hoe groot is het jaarlijkse handelsvolume?"
        "number": r"hoeveel|hoe (?:groot|hoog) (?:is|zijn|was|waren) (?:het|de) (?:[\w-]+ )?\w*(?:volume|omzet|aantal)s?\b",
        "place": rf"in welke (?:[\w-]+ )?(?:stad|plaats|provincie|gemeente)|in welk (?:gebouw|pand)|welke (?:[\w-]+ )?stad|"
                 rf"waar\b(?!{_STRANDED})",
        "country": r"welk (?:[\w-]+ )?land|welke (?:[\w-]+ )?landen|welk [\w]+-land|in welk land"
                   r"|welke (?:[\w-]+ )?naties?\b",
        "occasion": r"bij welke gelegenheid|ter gelegenheid van wat|tijdens (?:welke?|wiens|wier)|gedurende welke?|"
                    r"wat was de aanleiding|bij welke? (?:bezoek|evenement|bijeenkomst|gebeurtenis)",
        "named_place": r"in welke (?:[\w-]+ )?(?:stad|plaats|provincie|gemeente)|welke (?:[\w-]+ )?(?:stad|plaats|gemeente)|"
                       r"in welk (?:gebouw|pand)",
    },
    who="wie", who_phrases=r"door wie|met wie|van wie|wiens|wier|wat is de naam|hoe heet|hoe heette|"
                            r"(?:noem|geef) (?:me |mij )?(?:iedereen|alle (?:personen|mensen|aanwezigen))",
    which="welke|welk|wat voor", list_which="welke|wat voor",
    not_a_kind="soort|type",
    person_nouns="persoon|personen|lid|leden|leider|leiders|staatshoofd|staatshoofden|regeringsleider|regeringsleiders|"
                 "politicus|politici|bestuurder|bestuurders|functionaris|functionarissen|hoogwaardigheidsbekleders?|"
                 "gasten|genodigden",
    name_noun="naam", name_of=r"van\s+de",
    organisation_nouns="ministerie|portefeuille|organisatie|bedrijf|bedrijven|firma|onderneming|ondernemingen|instelling|"
                       "instellingen|departement|partij|post|ressort|beleidsterreinen|beleidsterrein|beleidsveld|beleidsvelden|"
                       "universiteit|universiteiten|hogeschool|hogescholen|ziekenhuis|ziekenhuizen|bank|banken|"
                       "instantie|instanties|\\w*fabrikant(?:en)?|\\w*producent(?:en)?",
    abbreviation_question=r"waar staat .{1,40}\bvoor\b|afkorting|voluit|uitgeschreven",
    abbreviation_statement=r"staat voor|is (?:de|een) afkorting van|is kort voor",
    portfolio_question=r"waarvoor (?:is|was) (?:minister |bewindsvrouw |bewindsman )?"
                       r"(?-i:[A-Z])[\w’'-]*(?:\s+(?-i:[A-Z])[\w’'-]*)* verantwoordelijk|"
                       r"waar (?:gaat|ging) (?:minister |bewindsvrouw |bewindsman )?(?-i:[A-Z])[\w’'-]*"
                       r"(?:\s+(?-i:[A-Z])[\w’'-]*)*(?: [\w’'-]+){0,5} over\b",
    kind_of="van", kind_question=r"wat voor(?! \w+(?:en|ën|s)\b)",
    attribute_question=r"^\s*(?:wat|hoe groot|hoe hoog) (?:is|was|zijn|waren) (?:de|het) (?:[\w-]+ ){0,2}?([\w-]+)"
                       r" (?:van|tussen)\b",
    descriptive_nouns="rol|functie|taak|betekenis|doel|bedoeling|positie|plaats|belang|bijdrage|inhoud|strekking|"
                      "verschil|verband|relatie",
    alias_question=r"hoe (?:wordt|worden|heet|heten) .{1,80}\b(?:ook |nog )?(?:wel )?(?:genoemd|aangeduid)|"
                   r"(?:met |onder )?welke (?:[\w-]+ )?(?:term|benaming|begrip)\b|andere (?:naam|term|benaming) voor|"
                   r"wat is (?:de|een) (?:[\w-]+ )?(?:term|benaming) voor|"
                   r"(?:noem|geef) (?:de|een) (?:[\w-]+ )?(?:term|benaming)\b",
    # not "positie" or "plaats": of a country or a company they ask its rank ("Welke positie heeft ons land?")
    role_question=r"(?:wat|welke) (?:is|was|zijn|waren) (?:de |zijn |haar |hun )?(?:functie|baan|titel|beroep)s? van|"
                  r"welke (?:functie|titel|baan) (?:heeft|had|hebben|bekleedt|bekleedde|vervult|vervulde)|"
                  r"wat doet .{1,40}\bvoor werk|wat (?:is|was) .{1,40}\bvan beroep",
    origin_question=r"(?:van|uit) welk land|welke nationaliteit|waar komt .{0,40}\bvandaan|welk land .{0,60}\bvan\s*\??\s*$",
    behalf_cue="namens|uit naam van|voor",
    party_nouns="partij|partijen|fractie|politieke partij",
    portfolio_words=r"[Zz]aken|Financiën|Defensie|Justitie|Veiligheid|Onderwijs|Cultuur|Wetenschap|Volksgezondheid|"
                    r"Welzijn|Sport|Infrastructuur|Waterstaat|Landbouw|Natuur|Visserij|Voedselkwaliteit|Klimaat|"
                    r"Groene Groei|Energie|Economie|Handel|Industrie|Werkgelegenheid|Koninkrijksrelaties|"
                    r"Ontwikkelingssamenwerking|Buitenlandse|Binnenlandse|Asiel|Migratie|Volkshuisvesting|"
                    r"Ruimtelijke Ordening|Digitalisering|Medische Zorg|Armoedebeleid|Toeslagen|Rechtsbescherming|"
                    r"Ministerie|AZ|BZ|BZK|EZ|EZK|KGG|FIN|Fin|DEF|JenV|J&V|IenW|I&W|LNV|LVVN|OCW|SZW|VWS|VRO|BHO|AenM",
    company_nouns="bedrijf|bedrijven|firma|onderneming|ondernemingen|universiteit|universiteiten|hogeschool|"
                  "hogescholen|school|scholen|ziekenhuis|ziekenhuizen|bank|banken|\\w*fabrikant(?:en)?|"
                  "\\w*producent(?:en)?",
    company_plurals="bedrijven|ondernemingen|\\w*fabrikanten|\\w*producenten",
    company_kinds="bedrij|onderneming|fabrikant|producent|startup|start-up|scale-up|mkb|zzp|multinational",
    list_verbs="noem|som op", plural_endings="en|ën|s", adjective_endings="e",
    count_cues="hoeveel", people_nouns="mensen|personen|mens|persoon",
    not_counted=frozenset("de het een ik je jij u we wij ze zij hij men dat dit die er".split()),
    copulas="is|was|zijn|waren",
    interrogatives=frozenset("wie wat welke welk waar wanneer hoe hoeveel waarom en waarin waarop waarmee waaraan "
                             "waarover waarvoor waaruit waardoor waarnaar waarbij waartoe".split()),
    prepositions="in|op|met|aan|over|voor|uit|bij|door|naar|van|tot|tijdens|tussen|onder",
    conjunctions="en|of", articles="de|het|een", portfolio_prepositions="van|voor",
    speech_question=r"\b(?:wat|hoe)\s+(?:zei|zegt|zeiden|zeggen|verklaarde|verklaart|vindt|vond|vinden|vonden|"
                    r"denkt|dacht|denken)\s+(.+?)\s*(?:\b(?:over|van|tegen|tijdens|bij|op|in|toen)\b|[?.!]|$)",
    attribution_cue="volgens",
    text_nouns="wet|wetten|artikel|artikelen|tekst|stuk|document|regeling|besluit|overeenkomst|akkoord|website|pagina|"
               "bericht|nieuwsbericht|verdrag|richtlijn|verordening",
    says="zei|zegt|zeggen|zeiden|stelt|stelde|vindt|vond|vinden|denkt|dacht|meent|meende|verklaarde|verklaart|"
         "benadrukte|benadrukt|aldus|volgens",
    condition_question=r"in welke gevallen|in welk geval|in welke situaties?|in welke omstandigheden|"
                       r"onder welke voorwaarden?|onder welke omstandigheden|aan welke voorwaarden|"
                       r"wat zijn de voorwaarden|welke voorwaarden|wanneer (?:mag|mogen|moet|moeten|heb|heeft|hebben)\b",
    condition_time_cue=r"wanneer(?! het (?:gaat )?om)|op welk (?:moment|tijdstip)",  # "wanneer het om chips gaat": "as for"
    condition_markers=r"als (?:u|je|jij|jullie|we|wij|er|de|het|een|uw|jouw|iemand|hij|zij|ze)|indien|mits|tenzij|"
                      r"zolang|zodra|totdat|nadat|wanneer|voorwaarden?|in (?:dat|dit|die|het) geval|in geval|in gevallen|alleen|"
                      r"voor zover|ingeval|behoudens|onverminderd|met dien verstande|uitsluitend|slechts|"
                      # "Met een tijdelijke beperking komt u in aanmerking": what comes before the verb is the condition
                      r"(?:kom|komt|komen) (?:u|je|jij|men|hij|zij|ze|iemand) (?:\w+ ){0,2}in aanmerking|"
                      r"pas als|moet u|moet je|verplicht|dan (?:kunt|kun|kan|mag|mogen|moet|moeten|is|zijn|wordt|"
                      r"worden|bent|heeft|hebt|krijgt|geldt|gelden)",
    definition_verbs="betekent|houdt in|omvat",
    time_relation_questions={"until": r"tot wanneer|uiterlijk wanneer|voor wanneer|tot welke datum",
                             "since": r"sinds wanneer|vanaf wanneer|met ingang van wanneer|vanaf welke datum"},
    time_relation_words={"until": r"tot en met|tot|voor|vóór|uiterlijk|niet later dan",
                         "since": r"sinds|vanaf|met ingang van|per"},
    choice_openers="is|zijn|was|waren|wordt|worden|werd|moet|moeten|kan|kunnen|mag|mogen|gaat|gaan|heeft|hebben|"
                   "krijg|krijgt|doe|doet|gebeurt|betreft|gaat",
    choice_joint="of",
    domain_question=r"op welke? (?:gebied|gebieden|vlak|vlakken|terrein|terreinen)|op welke (?:beleids)?terreinen",
    domain_phrases=r"op het gebied van|op het vlak van|op het terrein van|op (?:de )?(?:gebieden|terreinen) (?:als|van)|"
                   r"op gebied van",
    domain_nouns="gebied|vlak|terrein", domain_prepositions="op", infinitive_markers="te|om te",
    occasion_prepositions="tijdens|gedurende|ter gelegenheid van|bij gelegenheid van|naar aanleiding van",
    degree_question=r"hoe (?:belangrijk|sterk|invloedrijk)|welke (?:positie|plek|plaats|rang)|"
                    r"op welke (?:plaats|plek|positie)|hoeveelste",
    degree_phrase=r"(?:(?:één|een) van )?(?:de|het) (?:[\w-]+ )?[\w-]+ste\b|aan de (?:top|kop|wereldtop)|"
                  r"na (?:de|het) (?-i:[A-Z])|op de [\w-]+ste plaats|koploper|nummer (?:één|een|1)|voorop",
    ranking_question=r"gaat .{0,40}\bvoor\b|(?:loopt|ligt|staat) .{0,30}\bvoor\b|overtreft|na welk|achter welk|"
                     r"op welke plaats|hoeveelste|tweede na|groter dan|koploper|nummer (?:één|een|1)|grootste|hoogste",
    second_place_question=r"op (?:één|een) na \w+ste|tweede (?:\w+ste|plaats|positie)|nummer (?:twee|2)"
                          r"|(?:komt|volgt) (?:er )?daarna|daarna (?:komt|volgt)|daarachter",
    ahead_markers="na|achter", second_place_word="tweede", back_reference=r"\b(?:hier|daar)in\b",
    text_reference=r"\bin (?:het|dit|deze) (?:artikel|bericht|nieuwsbericht|stuk|tekst)\b|\bde term\b",
    ranking_markers=r"na (?:de|het)|achter (?:de|het)|op de (?:eerste|tweede|derde) plaats|tweede|derde|grootste|"
                    r"hoogste|koploper|aan de top|nummer (?:één|een|twee|1|2)",
    reason_question=r"waarom|om welke reden|wat is de reden|hoe (?:komt|kan|kunnen|zorgt|helpt|helpen)",
    purpose_question=r"met welk doel|wat is het doel|waartoe|waarvoor(?! .{1,60}verantwoordelijk)|"
                     r"wat moet .{0,40} mogelijk maken|wat beoogt|wat is de bedoeling|"
                     r"wat (?:wil|willen) .{1,40} bereiken|waar is .{1,40} op gericht",
    purpose_markers=r"zodat|om .{1,60} te|met als doel|bedoeld om|mogelijk maken|moet .{1,60} mogelijk|gericht op|"
                    r"zo kunnen|zo kan|(?:het )?doel",
    # the verb asks what is gained; "wie/welke bedrijven profiteren?" asks who, and "welke voordelen" names what the
    # text must name
    benefit_question=r"wat (?:levert|leveren|oplevert|opleveren)|(?:hoe|op welke manier) (?:\w+ ){0,3}?profite\w*|"
                     r"wat (?:heeft|hebben|hebt|heb) .{1,40}\baan\b|wat (?:win|wint|winnen) .{1,40}\bbij\b|"
                     r"er beter van",
    benefit_markers=r"kansen|voorde(?:el|len)|voordelig\w*|profite\w*|baat|oplever\w*|levert .{1,40}\bop|"
                    r"bespa(?:ar|art|ren|ring)\w*|winst\w*|opbrengst\w*",
    steps_question=r"wat (?:kan|kun|moet|moeten|kunnen) (?:ik|je|u|we|wij|jij|men)(?: [\w-]+){0,3}? "
                   r"(?:doen|regelen|ondernemen)(?!\w)|welke stappen",
    reason_markers=r"omdat|want|doordat|zodat|daardoor|hierdoor|daarom|zo kunnen|zo kan|om .{1,60} te|"
                   r"met als doel|bedoeld om|mogelijk maken|moet .{1,60} mogelijk|interessant|immers|dankzij|"
                   r"door (?:[\w’'-]+ ){0,3}te [\w-]+",  # the means: "door samen te werken"
    explanation_question=r"wat is (?:nou |nu )?(?:het|de) verschil|wat zijn de verschillen|hoe werkt|"
                         r"waar (?:gaat|ging) (?:het|de|dit|dat|deze|die) (?:[\w-]+ ){1,3}over\b",
    slot_question=rf"wat|welke|welk|{_SPLIT_WAAR}|waarin|waarop|waarmee|waaraan|waarover|waarvoor|waaruit|hoe heet|hoe heten|"
                  r"hoe wordt .{1,60} genoemd",
    slot_preposition=r"waar(in|op|mee|aan|over|voor|uit|door|naar)|"
                     rf"waar\b(?={_stranded(capture=True)})|"
                     r"(in|op|met|aan|over|voor|uit|tijdens|bij|door|tussen|naar|van) (?:welke|welk|wat)",
    preposition_forms={"mee": "met"},
    condition_answer_openers="dan",
    consequence_openers="zo|daardoor|hierdoor|daarmee|hiermee|daarom|dus|zodoende|op die manier",
    fragment_openers="zoals|bijvoorbeeld|namelijk|oftewel|ofwel|onder andere",
    auxiliaries="is|was|zijn|waren|wordt|worden|werd|werden|heeft|hebben|had|hadden|wil|willen|kan|kunnen|moet|"
                "moeten|mag|mogen|zal|zullen|gaat|gaan",
    list_announcers="verschillende|diverse|een aantal|enkele|meerdere|de volgende|het volgende",
    clause_openers="terwijl|maar|omdat|want|zodat|doordat|waardoor|hoewel|nadat|voordat|zodra|aldus",
    role_groups={"royal": r"koninklijke familie|koninklijk huis|koningshuis|koningsfamilie|vorst(?:in)?|vorsten|"
                          r"monarch(?:en)?",
                 "leader": r"leiders?|staatshoofd(?:en)?|regeringsleiders?|regeringsleider"},
    titles={
        "prime minister": "minister-president|minister president|premier",
        "deputy prime minister": "vicepremier|vice-premier",
        "state secretary": "staatssecretaris", "secretary-general": "secretaris-generaal",
        "minister": "minister|bewindsman|bewindsvrouw|bewindspersoon", "president": "president",
        "vice president": "vicepresident|vice-president", "king": "koning", "queen": "koningin",
        "prince": "prins|kroonprins", "princess": "prinses", "counterpart": "ambtsgenoot|tegenhanger|collega",
        "deputy": "plaatsvervanger", "mayor": "burgemeester", "alderman": "wethouder",
        "governor": "gouverneur|commissaris van de koning", "commissioner": "commissaris|eurocommissaris",
        "chair": "voorzitter|bestuursvoorzitter", "director": "directeur|directeur-generaal|topman|topvrouw",
        "ambassador": "ambassadeur", "spokesperson": "woordvoerder", "professor": "hoogleraar|prof\\.",
    },
    actor_nouns=r"college(?: van burgemeester en wethouders)?|minister|staatssecretaris|directeur|gemeente|gemeenteraad|"
                r"raad|bestuursorgaan|zorgverzekeraar|zorgkantoor|rechter|burgemeester|commissie(?: van toezicht)?|"
                r"selectiefunctionaris|belastingdienst(?:/toeslagen)?|sociale verzekeringsbank|inspecteur|kabinet|"
                r"regering|werkgever|verzekeraar|ombudsman|politie|ambassade|officier van justitie|CIZ|CAK|UWV|SVB|"
                r"DUO|RDW|IND|(?:dienst|autoriteit|inspectie|agentschap)(?=\s+(?-i:[A-Z]))",
    actor_determiners="onze", agent_preposition="door",
    honorifics=r"dr\.|mr\.|ir\.|drs\.|de heer|mevrouw", name_particles="van|de|der|den|ten|ter|te|'t",
    months="januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december",
    days="maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag",
    time_units="dagen|dag|werkdagen|werkdag|weken|week|maanden|maand|jaar|jaren|uur|uren|minuten|minuut",
    unit_qualifiers="gehele|hele|volle|aaneengesloten|opeenvolgende",
    inflection_endings="e|en|s|de|te|d|t|er",
    measure_units="meter|kilometer|km|centimeter|cm|millimeter|mm|decibel|db|kilo|kilogram|kg|gram|liter|graden|"
                  "vierkante meter|m2|m²|kuub",
    count_bounds="maximaal|minimaal|minstens|ten minste|tenminste|hoogstens|ten hoogste|hooguit|ongeveer|circa|"
                 "ruim|bijna|gemiddeld|meer dan|minder dan|niet meer dan|niet minder dan|tot en met|tot",
    duration_relations="na|binnen|over|vanaf|voor|tot|uiterlijk|sinds|gedurende|minstens|maximaal|langer dan|korter dan",
    clock=r"\d{1,2}[.:]\d{2}\s?uur|\d{1,2}:\d{2}", range_words="tot|tot en met|à", frequencies="jaarlijks|maandelijks|wekelijks|dagelijks",
    number_words="een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|honderd|duizend",
    frequency_every="elke|elk|iedere|ieder|om de", frequency_times="keer|maal", frequency_per="per|in het|in de",
    frequency_counts="eens|eenmaal|tweemaal|driemaal",
    article_numbers="een|één", not_numbers="ten", reference_words="artikel|artikelen|lid|leden|onderdeel|hoofdstuk|paragraaf|afdeling|bijlage", scale_words="miljoen|miljard|duizend|mln|mld", currency_words="euro",
    free_words="gratis|kosteloos|kosteloze|zonder kosten|geen kosten|kost(?:en)? niets",
    percent_words="procent", place_prepositions="in|te|naar|uit|bij", ministry=r"[Mm]inisterie van",
    list_intro="als|zoals|namelijk|waaronder",
    # "18 jaar oud", "als uw kind 18 jaar wordt," (not "dat 5 jaar wordt bewaard")
    age_after=r"oud|(?:is |bent |zijn )?(?:wordt|word|worden|werd|werden|geworden)(?=\s*[,.;:)]|\s*$)",
    age_from="vanaf|ouder dan|boven de", age_below="jonger dan|tot(?: en met)?|t/m|onder de",
    age_from_after="of ouder|en ouder", age_below_after="of jonger|en jonger", age_units="jaar|jarigen|jarige|jarig",
    stated_age=r"(?:zoon|zoontje|dochter|dochtertje|kind|kindje|kleinkind|kleinzoon|kleindochter|broer|broertje|zus|"
               r"zusje|pleegkind)\s+(?:is\s+|van\s+)\d{1,3}\b(?!\s*(?:maanden|weken|dagen|%|[.,]\d))"
               r"|\b(?:ik ben|hij is|zij is|ze is)\s+\d{1,3}(?:\s+jaar)?(?:\s+oud)?(?=\s*(?:[,.?!]|en\b|$))"
               r"|\b\d{1,3}[- ]?jarige?\b|\b\d{1,3}\s+jaar\s+oud\b",
    topic_clause=r"(?:als|wanneer) het (?:gaat )?(?:om|over) (.+?)(?: gaat)?\s*(?=[,?]|$)|wat (.+?) betreft",
    presence_phrases="in aanwezigheid van|in het bijzijn van|in bijzijn van",
    presence_question=r"aanwezig|aanwezigen|bijgewoond|bijwonen|woonden|woonde|erbij|bij aanwezig|"
                      r"(?:was|waren) (?:er )?(?:ook )?bij",
    # a plural verb after "wie" ends in -en ("zijn", "namen", "ondertekenden"); prepositions and adverbs that do too
    # ("wie binnen het kabinet ...") are no verb
    plural_person_question=r"wie\s+(?:zijn|(?!(?:binnen|buiten|boven|tegen|tussen|even|toen|meen)\b)[a-zë]+en)|"
                           r"iedereen|alle (?:personen|mensen|aanwezigen)",
    naming_question="hoe heet|hoe heten|hoe heette|hoe heetten",
    naming_verbs="heet|heten|heette|genoemd|noemen|noemt|noemde",
    definition_term=r"(?:verstaan onder|bedoeld met|(?:geldt|gelden) als|(?:definitie|betekenis) van|"
                    r"wat (?:is|zijn))\s+(?:(?:een|de|het)\s+)?([\w'-]+(?:\s+[\w'-]+){0,3}?)"
                    r"(?=\s+(?:in|volgens|voor|binnen|bij|op grond van)\b|\s*[?,.]|\s*$)",
    definition_lead_in="onder|met", defined_as=r"(?:wordt|worden)\s+(?:[\w'-]+\s+){0,4}?(?:verstaan|bedoeld)",
    defining_verbs="is|zijn|betekent|betekenen|houdt in",
    age_of="leeftijd van",
    follow_up_openers=r"en|maar|ook|of|dan|en wat|hoe zit het",
    # "daarvan", "ervan", "hiervan": a pronoun joined to its preposition ("Wat is het doel ervan?"); not "ervoor"
    # or "erop", which mostly stand in set phrases ("ervoor zorgen", "erop letten")
    pointers=r"(?:daar|hier)(?:bij|in|van|mee|over|aan|voor|op|door|uit|na)|er(?:bij|in|van|mee|over|aan|uit)|daar|"
             r"hij|zij|ze|die|deze|hem|haar|hun|hen|het land|dat land|dezelfde|diezelfde|"
             # "op dat gebied", "in dit geval": "dat" after a preposition points back ("zonder dat" is a conjunction)
             r"(?:in|op|van|over|bij|met|aan|voor|uit|naar|tijdens|na) (?:dat|dit|datzelfde|ditzelfde) \w+",
    person_pronouns="hij|zij|hem|haar", possessives="haar", participles=r"(?:ge|be|ver|ont|her|er)\w+(?:d|t|en)",
    stand_ins={"ons land": "Nederland", "ons eigen land": "Nederland"},
    place_pronouns={"dat land|dit land|datzelfde land|die stad|deze stad": "{}"}, place_adverbs={"daar": "in {}"},
    poles={"size+": "grootste|allergrootste", "size-": "kleinste|allerkleinste", "height+": "hoogste",
           "height-": "laagste", "amount+": "meeste", "amount-": "minste", "quality+": "beste", "quality-": "slechtste",
           "strength+": "sterkste", "strength-": "zwakste", "speed+": "snelste", "speed-": "langzaamste|traagste",
           "age+": "oudste", "age-": "jongste", "price+": "duurste", "price-": "goedkoopste", "wealth+": "rijkste",
           "wealth-": "armste", "length+": "langste", "length-": "kortste", "trend+": "stijgt|stijging|toename|groei",
           "trend-": "daalt|daling|afname|krimp"},
    superlatives=r"(?:aller)?(?:grootste|kleinste|hoogste|laagste|meeste|minste|beste|slechtste|sterkste|zwakste|"
                 r"belangrijkste|voornaamste|snelste|oudste|jongste|duurste|goedkoopste|rijkste|armste|langste|"
                 r"kortste)|(?:het )?meest [\w-]+e?",
    one_of=r"(?:één|een) van (?:de|het)|(?:één|een) der",
    member_of=r"(?:één|een) (?:van|der)|(?:be)?(?:hoort|horen|zit|zitten)(?: [\w-]+){0,2} (?:bij|tot)|onder de",
    continuation_openers="die|deze|dit|dat|zij|ze|hij|daarbij|daarin|daarvan|daarmee|daarover|daaraan|hiermee|hierbij",
    explanation_openers=r"(?:dat|dit) (?:gaat over|betekent|houdt in|wil zeggen)|(?:dat|dit|die|deze) zijn",
    demonstratives="deze|dit",
    exclusion=r"behalve|naast|buiten|afgezien van|anders dan|in plaats van", additive=r"nog meer|verder nog|ook nog",
    entities={
        "netherlands": ("Nederland",), "south-korea": ("Zuid-Korea", "Korea"),
        "united-states": ("Verenigde Staten", "VS", "Amerika"), "eu": ("EU", "Europese Unie"), "belgium": ("België",),
        "germany": ("Duitsland",), "france": ("Frankrijk",), "japan": ("Japan",), "china": ("China",),
        "north-korea": ("Noord-Korea",), "gdp": ("bbp", "bruto binnenlands product"),
        "ai": ("kunstmatige intelligentie", "AI"),
        **CITIES,
    },
    demonyms={
        # the adjective first (it names the country before a title), then the inhabitants ("de Zuid-Koreanen")
        "netherlands": ("Nederlandse", "Nederlands", "Nederlanders"),
        "south-korea": ("Zuid-Koreaanse", "Koreaanse", "Zuid-Koreanen", "Koreanen"),
        "united-states": ("Amerikaanse", "Amerikanen"), "belgium": ("Belgische", "Belgen"),
        "germany": ("Duitse", "Duitsers"), "france": ("Franse", "Fransen"), "japan": ("Japanse", "Japanners"),
        "china": ("Chinese", "Chinezen"), "north-korea": ("Noord-Koreaanse", "Noord-Koreanen"),
    },
    entity_kinds={"netherlands": "country", "south-korea": "country",
                  "united-states": "country", "belgium": "country", "germany": "country", "france": "country",
                  "japan": "country", "china": "country", "north-korea": "country", "eu": "union",
                  **dict.fromkeys(CITIES, "place")},
    entity_countries={
        "amsterdam": "netherlands", "the-hague": "netherlands", "rotterdam": "netherlands", "utrecht-city": "netherlands",
        "seoul": "south-korea", "busan": "south-korea", "pyongyang": "north-korea", "brussels": "belgium",
        "paris": "france", "berlin": "germany", "washington": "united-states", "new-york": "united-states",
        "tokyo": "japan", "beijing": "china",
    },
    anaphors={r"het (?:\w+ )?land|dat land|deze land": "country"},
    section_words={1: "Boek|Deel|Bijlage", 2: "Hoofdstuk", 3: "Titel|Afdeling", 4: "Paragraaf", 5: "Artikel"},
    injection_cues=r"(?:negeer|vergeet)\b.{0,40}\b(?:instructies?|opdrachten?|regels|prompts?)|systeemprompt|"
                   r"je bent (?:nu )?(?:een |de )?(?:ai|assistent|taalmodel|chatbot)|als (?:ai|taalmodel)",
)
register(LANGUAGE)
