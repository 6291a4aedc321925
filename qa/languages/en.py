"""English: every English word the system knows, as data."""
from bm25s.stopwords import STOPWORDS_EN

from qa.languages import Language, en_nl, register

# bm25s's 33 English stopwords leave the question words, pronouns and auxiliaries ("how", "do", "what", "I") as
# terms: an English question over Dutch text then counts them as words the corpus lacks, and BM25 as reaching less
# of it than it does. Those of Snowball's English list join them; its prepositions and particles do not, as they
# carry meaning across languages ("carry out": uitvoeren, "before": voor), and "may" is a month too.
FUNCTION_WORDS = frozenset("""
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself its
itself them theirs themselves what which who whom whose those am were been being have has had having do does did doing
would should could can might must shall also just from here when where why how""".split())

# cities, as gazetteer places: a city a question names that the documents never do is a premise they cannot
# confirm ("Why did the king travel to Seoul?")
CITIES = {
    "amsterdam": ("Amsterdam",), "the-hague": ("The Hague",), "rotterdam": ("Rotterdam",),
    "utrecht-city": ("Utrecht",), "seoul": ("Seoul",), "busan": ("Busan",), "pyongyang": ("Pyongyang",),
    "brussels": ("Brussels",), "paris": ("Paris",), "london": ("London",), "berlin": ("Berlin",),
    "washington": ("Washington",), "new-york": ("New York",), "tokyo": ("Tokyo",),
    "beijing": ("Beijing", "Peking"), "moscow": ("Moscow",), "madrid": ("Madrid",), "rome": ("Rome",),
    "lisbon": ("Lisbon",), "vienna": ("Vienna",), "copenhagen": ("Copenhagen",), "stockholm": ("Stockholm",),
    "warsaw": ("Warsaw",), "athens": ("Athens",), "geneva": ("Geneva",), "strasbourg": ("Strasbourg",),
}

LANGUAGE = Language(
    code="en", name="English", stemmer="english",
    translations={"nl": en_nl.WORDS},
    stopwords=frozenset(STOPWORDS_EN) | FUNCTION_WORDS,
    markers=frozenset(STOPWORDS_EN) | {
        "who", "what", "where", "when", "which", "why", "how", "does", "did", "do", "the", "is", "are", "was",
        "were", "has", "have", "of", "and", "also", "my", "i", "can", "much", "many", "signed", "percent", "share",
        "between", "according", "whose", "whom"},
    spelling=r"th|wh|ck|sh|qu|ea|ou(?!w)|(?<!e[lnr])ing$|tion$|ors$|tch|y$|^c(?!h)",
    texts={
        "not_found": "The documents do not answer this.",
        "related": "Possibly related",
        "source_quote": "From the source",
        "sources": "Sources",
        "paragraph": "paragraph",
        "empty_question": "Ask a question about the documents.",
        "too_long": "Your question is too long ({length} characters). Keep it under {limit} characters.",
        "no_documents": "No documents have been indexed yet.",
        "sources_placeholder": "Ask a question: the sources of the answer appear here.",
        "searched_for": "Searched for",
        "retrieved": "Retrieved passages",
        "earlier": "Earlier question",
        "question": "Question",
        "conversation": "Conversation",
        "no_related": "No passages found.",
        "error": "Something went wrong while answering. Try again or rephrase the question.",
        "feedback_saved": "Thanks for your feedback.",
        "feedback_failed": "Your feedback could not be saved ({reason}).",
        "llm_fallback": "Extractive answer: {reason}.",
        "llm_unsupported": "the model's reply had no claim its sources support ({dropped} of {claims} dropped)",
        "llm_too_slow": "the model server at {url} did not answer within {seconds} s (raise QA_LLM_TIMEOUT_S or use "
                        "a smaller model)",
        "llm_key_refused": "the model server at {url} refused the API key ({status}); set QA_LLM_API_KEY",
        "llm_model_missing": "model '{model}' not found at {url} (404); set QA_LLM_MODEL to a model listed at "
                             "{url}/models",
        "llm_down": "no model server answers at {url}; start it or set QA_LLM_BASE_URL",
        "llm_broke_off": "the model server at {url} broke off its reply; see its log",
        "llm_server_failed": "the model server at {url} failed ({detail}); see its log",
        "llm_request_refused": "the model server at {url} refused the request for model '{model}' ({detail}); check "
                               "QA_LLM_MODEL and its log",
        "answered_by_llm": "Written by the language model; every sentence checked against its sources.",
    },
    question_cues={
        # the meaning of a term, as a law or a text defines it
        "definition": r"what is meant by|what does [^?]{1,40} mean\b(?! for)|(?:the )?definition of|"
                      r"(?:who|what) (?:counts|qualifies) as|"
                      r"what (?:is|are) (?:a|an) [^?,]{1,40}? (?:under|according to|within the meaning of) "
                      r"(?:the )?(?:law\b|act\b|(?-i:[A-Z])\w*)",
        "percent": r"percent|percentage|what share|which share|what part|what fraction|what proportion|"
                   r"what(?: is|'s|’s| was) the (?:\w+ )?(?:share|proportion|fraction) of|"
                   r"(?:what|which) (?:\w+ )?rate\b|interest rate",
        # a charge or pay named by its noun: "What fine do I get?", "How high is the allowance?"
        "money": r"(?:what|which) (?:(?:is|are|was|were) (?:the|my|a) )?(?:\w+ ){0,2}(?:fine|fee|penalty|wage|salary|rent|"
                 r"premium)s?\b|"
                 r"how (?:high|big|large|much) (?:is|are|was|were) (?:the|my|a) (?:\w+ )?(?:fine|fee|penalty|wage|"
                 r"salary|rent|premium|benefit|allowance|subsidy|contribution|tax|levy|duty)s?\b|"
                 r"(?:what|which) (?:is|are|was|were) the (?:\w+ ){0,2}(?:tax|levy|duty|charge)e?s? per\b|"
                 r"(?:income|asset|capital|wealth) (?:limit|threshold|ceiling)|"
                 r"in (?:euros|dollars?)|how much money|what amount|how much (?:does|do|did|will|would) .{1,40}\bcost|"
                 r"how much (?:\w+ )?(?:rent|wages?|salary|capital|savings|assets)\b|"
                 r"how much (?:can|may|must|do|does) (?:I|you|we|one|they) (?:\w+ ){0,3}?(?:borrow|earn|save|pay)\b|"
                 r"what is the (?:\w+ ){0,2}(?:amount|price)|value of|worth|what does .* cost|"
                 r"(?:what|how (?:big|large|high)) (?:is|was|are|were) the (?:\w+ )?(?:budget|costs?)|how expensive",
        "date": r"(?:at )?what time|(?:which|what) (?:years?|dates?)|on (?:what|which) days?|since when|until when|"
                r"in which month|what month|from when",
        "duration": r"how long|how much time|(?:within )?(?:what|which) (?:period|time limit|term)|how quickly|"
                    r"what is the (?:\w+ )?(?:time limit|deadline)\b|"
                    r"what is the (?:earliest|latest)\b(?=.{0,60}\bafter\b)|"
                    r"how soon|by how much (?:[\w-]+ ){0,6}?(?:postpone|extend|delay|defer)\w*",
        "phone": r"(?:tele)?phone number|(?:what|which) number\b(?=.{0,40}\b(?:call|dial|ring|phone)\b)",
        "age": r"(?:what|which) age|how old|minimum age|maximum age|age limit",
        "frequency": r"how often|how frequently|how many times (?:a|per|each)",
        # a size by its noun: "How large is the annual trade volume?"
        "number": r"how many|how much|how (?:large|big|high) (?:is|are|was|were) (?:the|its|their) (?:[\w-]+ ){0,2}?"
                  r"(?:volume|turnover|total|number)s?\b",
        "place": r"in (?:which|what) (?:[\w-]+ ){0,2}(?:city|town|place|province|building|venue)|"
                 r"(?:which|what) (?:[\w-]+ ){0,2}city|"
                 r"where",
        "country": r"(?:which|what) (?:[\w-]+ )?(?:country|countries|nation|nations)",
        "occasion": r"on (?:what|which) occasion|what (?:was |is )?the occasion|at (?:what|which) (?:event|occasion)|"
                    r"during (?:what|which|whose)|what occasion|what event",
        "named_place": r"in (?:which|what) (?:[\w-]+ ){0,2}(?:city|town|place|province|building|venue)|"
                       r"(?:which|what) (?:[\w-]+ ){0,2}(?:city|town)",
    },
    who="who|whom|whose",
    who_phrases=r"whose|by whom|with whom|to whom|for whom|what(?: is|'s|’s| was) the name|"
                r"what(?: is|'s|’s| was) (?:the |his |her |their )?(?:[\w-]+ ){0,3}?[\w-]+(?:'s|’s) name|"
                r"(?:list|name) (?:everyone|everybody|all (?:the )?(?:people|persons))",
    which="which|what", list_which="which|what", not_a_kind="kind|type|sort",
    person_nouns=r"person|people|members?(?! states?\b| countr)|leaders?|heads? of (?:state|government)|officials?|"
                 r"politicians?|dignitar(?:y|ies)|guests?",
    name_noun="name",
    name_of=r"of\s+the",
    organisation_nouns="ministry|portfolio|organisation|organization|company|companies|firm|firms|department|party|"
                       "institution|institutions|portfolios|post|policy areas?|policy fields?|universit(?:y|ies)|"
                       "colleges?|schools?|hospitals?|banks?|agenc(?:y|ies)|manufacturers?|producers?|chipmakers?|"
                       "carmakers?",
    abbreviation_question=r"what (?:does|do) .{1,40}\bstand for|(?:what|which) is .{1,40}\bshort for|abbreviation|"
                          r"acronym|spelled out|in full",
    abbreviation_statement=r"stands for|is short for|is an abbreviation (?:of|for)",
    portfolio_question=r"what (?:is|was) (?:minister )?(?-i:[A-Z])[\w’'-]*(?:\s+(?-i:[A-Z])[\w’'-]*)* "
                       r"responsible for|(?-i:[A-Z])[\w’'-]*(?:\s+(?-i:[A-Z])[\w’'-]*)* (?:is|was) (?:the )?minister "
                       r"(?:of|for) what",
    kind_of="of", kind_question=r"what (?:kind|sort|type)s? of",
    attribute_question=r"^\s*what(?: is|'s|’s| was| are| were) the (?:[\w-]+ ){0,2}?([\w-]+) (?:of|between)\b",
    descriptive_nouns="role|function|task|meaning|purpose|aim|goal|position|place|importance|contribution|content|"
                      "difference|relationship|link",
    alias_question=r"what (?:is|are|was|were) .{1,80}\b(?:also |otherwise |sometimes )?(?:called|known as|referred to as|"
                   r"termed)|(?:what|which) (?:[\w-]+ )?(?:term|expression)\b|another (?:name|term) for|"
                   r"what(?: is|'s|’s) (?:the|a) (?:[\w-]+ )?(?:term|expression|name|word) (?:for|used for)|"
                   r"(?:name|give) (?:the|a) (?:[\w-]+ )?(?:term|expression)\b",
    # not "position" or "role": of a country or a company they ask its rank or part ("What role does NL play?")
    role_question=r"what (?:is|was|are|were) (?:the )?(?:job|title|office|function|occupation)s? of|"
                  r"what(?:'s|’s| is| was) (?:[\w-]+\s+){0,3}?[\w-]+(?:'s|’s|') (?:job|title|office|function|"
                  r"occupation)|what (?:job|office|title|function) (?:does|did|do) |what does .{1,40}\bdo for a living",
    origin_question=r"(?:country|nation)\b.{0,60}\bof\s*\??\s*$|from (?:which|what) country|"
                    r"(?:which|what) country .{0,60}\b(?:from|hails?)\b|nationality|whose country",
    behalf_cue="on behalf of|in the name of|representing|for",
    party_nouns="party|parties|political party",
    portfolio_words=r"Affairs|Finance|Treasury|Defen[cs]e|Justice|Security|Education|Culture|Science|Health|"
                    r"Welfare|Sport|Infrastructure|Water Management|Agriculture|Nature|Fisheries|Food|Climate|"
                    r"Green Growth|Energy|Economy|Trade|Industry|Employment|Labou?r|Foreign|Interior|Home Office|"
                    r"Development Cooperation|Asylum|Migration|Housing|Digitali[sz]ation|Ministry|Department",
    company_nouns="company|companies|firm|firms|business|businesses|universit(?:y|ies)|colleges?|schools?|hospitals?|"
                  "banks?|manufacturers?|producers?|chipmakers?|carmakers?",
    company_plurals="companies|firms|businesses|manufacturers|producers|chipmakers|carmakers",
    company_kinds="company|companies|firm|business|enterprise|sme|corporat|startup|start-up|manufactur|producer",
    list_verbs="name the|list the|list", plural_endings="s",
    adjective_endings="al|ic|ous|ive|ful|less|able|ible|ary|ern|ean|ese|ish|free|clean|green|new",
    count_cues="how many", people_nouns="people|persons|individuals", count_noun_always=True, copulas="is|was|are|were",
    interrogatives=frozenset("who what which whose whom where when how why and".split()),
    prepositions="in|on|with|at|about|for|from|by|to|of|during|between|under|among",
    conjunctions="and|or", articles="the|a|an", portfolio_prepositions="of|for",
    speech_question=r"\b(?:what|how)\s+(?:did|does|do|has|have)\s+(.+?)\s+(?:say|said|tell|told|declare|declared|"
                    r"think|thought|feel|felt|believe)\b",
    attribution_cue="according to",
    text_nouns="act|law|laws|article|articles|text|piece|document|regulation|decree|agreement|website|page|report|"
               "statement|treaty|directive",
    says="said|says|stated|states|believes|believed|thinks|thought|according to|argued|argues",
    condition_question=r"in which cases?|in what cases?|in (?:which|what) situations?|under (?:what|which) circumstances|"
                       r"under (?:what|which) conditions?|on what conditions?|"
                       r"what are the conditions|what conditions|when (?:may|must|should|do i need|do you need)\b",
    condition_time_cue=r"when(?! it comes to)|at what (?:moment|point)",  # "when it comes to R&D" means "as for"
    condition_markers=r"if|unless|provided|only|as long as|until|once|condition|conditions|must|required|in that case|"
                      r"in (?:such|these|those) cases",
    definition_verbs="means|is defined as|refers to",
    time_relation_questions={"until": r"until when|by when|before when|till when|until what date|what is the deadline",
                             "since": r"since when|from when|as of when|starting when|from what date"},
    time_relation_words={"until": r"until|till|before|by|no later than", "since": r"since|from|as of|starting"},
    choice_openers="is|are|was|were|does|do|did|can|could|must|should|will|would|has|have",
    choice_joint="or",
    domain_question=r"in (?:what|which) (?:field|fields|area|areas|domain|domains)|"
                    r"on (?:what|which) (?:field|fields|area|areas)",
    domain_phrases=r"in the (?:field|area|domain)s? of|in (?:fields|areas) (?:such as|like)",
    domain_nouns="field|area|domain", domain_prepositions="in|on", infinitive_markers="to",
    occasion_prepositions="during|on the occasion of|at the time of|in the course of",
    degree_question=r"how (?:important|strong|influential)|(?:what|which) (?:position|place|rank)|"
                    r"what(?:'s| is) .{1,60}\bstanding\b|"
                    r"(?:where|how) (?:does|do|did) .{1,60}\brank|in what place",
    degree_phrase=r"(?:one of )?the (?:[\w-]+ )?(?:most [\w-]+|[\w-]+est)\b|at the top|second to|after the (?-i:[A-Z])|"
                  r"(?:the )?number one|leading",
    ranking_question=r"ahead of|outranks?|outperforms?|second to|behind|ranks?|ranked|surpass(?:es)?|"
                     r"larger than|bigger than|number one|largest|biggest|highest|greatest",
    second_place_question=r"second[- ](?:\w+est|most \w+|place|position)|runner-up|number (?:two|2)"
                          r"|comes? (?:next|after (?:that|it|them))|(?:is )?next in line",
    ahead_markers="after|behind", second_place_word="second", back_reference=r"\btherein\b",
    text_reference=r"\bin (?:the|this) (?:article|piece|text|report|story)\b|\bthe term\b",
    ranking_markers=r"after the|behind|second|third|largest|biggest|highest|at the top|ahead of|"
                    r"number (?:one|two|1|2)",
    reason_question=r"why|for what reason|how (?:does|do|will|can|would) .{0,60}help",
    # "Between what kinds of parties is the deal supposed to ...?" asks who, not what for
    purpose_question=r"what for|for what purpose|what is the (?:aim|goal|purpose|point)|what are the (?:aims|goals)|"
                     r"(?<!between )(?<!among )(?<!with )what .{0,30} supposed to|"
                     r"(?<!between )(?<!among )(?<!with )what (?:will|should|must|does|is) .{0,40} "
                     r"(?:make possible|enable|meant to)|"
                     r"what (?:does|do|did) .{1,40} (?:aim|hope|want) (?:for|at|to achieve)",
    purpose_markers=r"so that|in order to|so as to|aims? to|to enable|intended to|meant to|purpose|goal",
    # the verb asks what is gained; "who benefits?" asks who, and "the benefit of" names an attribute the text must
    # name (and "benefit" is also an allowance: "child benefit")
    benefit_question=r"(?:how|in what way) (?:do|does|did|will|can|could|would|might|should|may) (?:[\w-]+ ){0,8}?"
                     r"(?:benefit|gain|profit)|stand to (?:gain|win)|what (?:does|do|did|will|would|can) .{0,40}\bgain|"
                     r"what(?:'s| is) in it for",
    benefit_markers=r"benefit\w*|advantage\w*|opportunit\w*|gain\w*|profit\w*|sav(?:e|es|ing|ings)",
    steps_question=r"what (?:can|should|must|do) (?:i|you|we)(?: [\w-]+){0,3}? (?:do|arrange)\b|what steps",
    reason_markers=r"because|so that|in order to|therefore|thus|thanks to|aims? to|to enable|by [\w-]+ing",
    explanation_question=r"what(?: is|'s|’s) the difference|what are the differences|how does .{1,40} work|"
                         r"what(?: is|'s|’s| was) (?:the|this|that) (?:[\w-]+ ){1,3}about\b",
    slot_question=r"what|which",
    slot_preposition=r"(in|on|with|to|about|for|from|during|at|by|between|of) (?:which|what)|"
                     r"(?:what|which)\b(?=[^?]*\s(about|with|for|on|in|from|at|by)\s*[?.!]?\s*$)",
    condition_answer_openers="then|if so|in that case",
    consequence_openers="so|thus|therefore|hence|this way|that way|as a result",
    fragment_openers="such as|like|for example|for instance|namely|including",
    auxiliaries="is|was|are|were|do|does|did|has|have|had|will|would|can|could|must|should|may",
    list_announcers="several|various|a number of|a few|the following",
    clause_openers="while|whereas|but|because|so that|although|after|before|which|who",
    role_groups={"royal": r"royal family|royal house|royals?|monarchs?|sovereigns?",
                 "leader": r"leaders?|heads? of (?:state|government)"},
    titles={
        "prime minister": "prime minister", "deputy prime minister": "deputy prime minister",
        "state secretary": "state secretary|secretary of state", "secretary-general": "secretary-general|"
                                                                                      "secretary general",
        "minister": "minister", "president": "president", "vice president": "vice president|vice-president",
        "king": "king", "queen": "queen", "prince": "prince|crown prince", "princess": "princess",
        "counterpart": "counterpart|colleague", "deputy": "deputy", "mayor": "mayor", "alderman": "alderman",
        "governor": "governor", "commissioner": "commissioner",
        "chair": "chairman|chairwoman|chairperson|chair", "director": "director|director-general|ceo",
        "ambassador": "ambassador", "spokesperson": "spokesman|spokeswoman|spokesperson", "professor": "professor",
    },
    actor_nouns=r"minister|council|board|municipality|court|judge|director|authority|authorities|insurer|government|"
                r"cabinet|agency|inspector|inspectorate|administration|committee|employer|ombudsman|police|embassy",
    actor_determiners="our", agent_preposition="by",
    honorifics=r"mr|mrs|ms|dr\.", name_particles="von|da|di|le|la",
    months="january|february|march|april|may|june|july|august|september|october|november|december",
    days="monday|tuesday|wednesday|thursday|friday|saturday|sunday",
    time_units="days|day|working days|business days|weeks|week|months|month|years|year|hours|hour|minutes|minute",
    unit_qualifiers="full|whole|consecutive|calendar",
    inflection_endings="s|es|ed|d|ing|er",
    measure_units="meters?|metres?|kilometers?|kilometres?|km|centimeters?|cm|decibels?|db|kilos?|kilograms?|kg|"
                  "grams?|liters?|litres?|degrees|square meters?|miles?|feet|foot|inch(?:es)?|pounds?",
    gloss_verbs="refer to|refers to|mean|means|stand for|stands for",
    count_bounds="at most|at least|up to|about|around|approximately|roughly|nearly|almost|on average|an average of|"
                 "more than|less than|fewer than|no more than|no less than|over|under",
    duration_relations="after|within|in|from|before|until|by|since|for|at least|at most|more than|less than",
    clock=r"\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am|pm)|\d{1,2}:\d{2}", range_words="to|through", frequencies="annually|monthly|weekly|daily",
    number_words="one|two|three|four|five|six|seven|eight|nine|ten|twelve|hundred|thousand",
    frequency_every="every|each", frequency_times="times", frequency_per="per|a|an|each", frequency_counts="once|twice",
    article_numbers="one", reference_words="article|articles|section|sections|paragraph|chapter|annex|clause", scale_words="million|billion|thousand", currency_words="dollar|dollars|euros",
    free_words=r"free of charge|for free|at no cost|no charge|costs? nothing|free(?=\s*[.;!]|$)",
    percent_words="percent", place_prepositions="in|at|to|from", ministry=r"[Mm]inistry of",
    list_intro="such as|like|including|namely", age_before=r"aged?|(?:the )?age of",
    age_after="old", age_from="older than|over|from the age of|from age", age_below="younger than|under",
    age_from_after="or older|and over|and older", age_below_after="or younger|and younger|and under",
    age_units="years|year-olds|year-old|year",
    stated_age=r"\b\d{1,3}[- ]years?[- ]old\b|\b(?:I am|I'm|(?:he|she) is|(?:he|she)'s|(?:son|daughter|child|kid|"
               r"grandchild|grandson|granddaughter|brother|sister) is|aged?)\s+\d{1,3}\b"
               r"(?!\s*(?:months|weeks|days|%|[.,]\d))|\b(?:son|daughter|child|kid)\s+of\s+\d{1,3}\b",
    topic_clause=r"when it comes to (.+?)(?=[,?]|$)|in terms of (.+?)(?=[,?]|$)|with regard to (.+?)(?=[,?]|$)",
    presence_phrases="in the presence of|witnessed by",
    presence_question="present|presence|attend|attends|attended|attending|was there|were there|was at|were at",
    plural_person_question="who were|who are|who have|which people|what people|everyone|everybody|all (?:the )?people",
    naming_verbs="called|named|termed|known as",
    definition_term=r"(?:meant by|definition of|meaning of|(?:counts|qualifies) as|what (?:is|are)(?!\s+meant\b)|"
                    r"what does)\s+"
                    r"(?:(?:a|an|the)\s+)?([\w'-]+(?:\s+[\w'-]+){0,3}?)(?=\s+(?:in|under|according|within|for|mean)\b|"
                    r"\s*[?,.]|\s*$)",
    definition_lead_in="by", defined_as=r"(?:is|are)\s+(?:[\w'-]+\s+){0,2}?(?:meant|understood)",
    defining_verbs="is|are|means|mean|refers to",
    age_of="age of|aged",
    follow_up_openers=r"and|but|also|or|then|what about|how about",
    pointers=r"there|that|those|these|this|it|he|she|him|her|his|they|them|their|the country|the same|that country",
    person_pronouns="he|she|him|her|his", possessives="his|her",
    contractions={"whos": "who is", "who's": "who is", "who’s": "who is", "whats": "what is", "wheres": "where is",
                  "where's": "where is", "where’s": "where is", "hows": "how is", "whens": "when is"},
    place_pronouns={"that country|this country|the same country|that city|this city": "{}"},
    place_adverbs={"over there": "in {}"},
    poles={"size+": "largest|biggest", "size-": "smallest", "height+": "highest", "height-": "lowest",
           "amount+": "most", "amount-": "least|fewest", "quality+": "best", "quality-": "worst",
           "strength+": "strongest", "strength-": "weakest", "speed+": "fastest", "speed-": "slowest",
           "age+": "oldest", "age-": "youngest", "price+": "most expensive", "price-": "cheapest",
           "wealth+": "richest", "wealth-": "poorest", "length+": "longest", "length-": "shortest",
           "trend+": "rises|rising|increases?|growth", "trend-": "falls|falling|decreases?|decline"},
    superlatives=r"largest|biggest|greatest|smallest|highest|lowest|best|worst|strongest|weakest|fastest|oldest|"
                 r"youngest|richest|poorest|longest|shortest|cheapest|foremost|most [\w-]+|least [\w-]+",
    one_of="one of the|one of its|one of their",
    member_of="one of|among|belongs? to the",
    continuation_openers="these|they|this|it|those|that|he|she",
    explanation_openers=r"(?:this|that|it) (?:is about|means|involves)|(?:these|those) are|that is to say",
    demonstratives="this|these",
    exclusion=r"apart from|besides|except|other than|aside from|in addition to|instead of|rather than|together with|"
              r"along with|alongside", additive="else",
    entities={
        "netherlands": ("Netherlands", "Holland"), "south-korea": ("South Korea", "Korea"),
        "united-states": ("United States", "US", "USA", "America"), "eu": ("EU", "European Union"),
        "belgium": ("Belgium",), "germany": ("Germany",), "france": ("France",), "japan": ("Japan",),
        "china": ("China",), "north-korea": ("North Korea",), "gdp": ("GDP", "gross domestic product"),
        "ai": ("artificial intelligence", "AI"),
        **CITIES,
    },
    demonyms={
        # the adjective first (it names the country before a title), then the inhabitants ("South Koreans")
        "netherlands": ("Dutch",), "south-korea": ("South Korean", "Korean", "South Koreans", "Koreans"),
        "united-states": ("American", "Americans"), "belgium": ("Belgian", "Belgians"),
        "germany": ("German", "Germans"), "france": ("French",), "japan": ("Japanese",),
        "china": ("Chinese",), "north-korea": ("North Korean", "North Koreans"),
    },
    anaphors={r"the (?:\w+ )?country|that country": "country"},
    section_words={1: "Book|Part|Annex|Appendix|Schedule", 2: "Chapter", 3: "Title|Division", 4: "Section",
                   5: "Article"},
    injection_cues=r"(?:ignore|disregard|forget)\b.{0,40}\b(?:instructions?|prompts?|rules)|system prompt|"
                   r"you are (?:now )?(?:an? |the )?(?:ai|assistant|language model|chatbot)|as an ai|"
                   r"(?:assistant|system)\s*:",
)
register(LANGUAGE)
