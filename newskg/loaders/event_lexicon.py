"""Words that report events, and words that change what a trigger reports.

English news and military-release vocabulary, kept apart from the rules in
``event_types`` so that adding a word never means reading the parse logic.
Lemmas unless said otherwise.
"""

from __future__ import annotations

KILL_VERBS = frozenset({"kill", "slay", "assassinate", "execute", "behead", "massacre", "eliminate", "shoot"})
# Objects that make "execute"/"eliminate" carry out or remove a thing, not kill a person
# ("executed attacks", "eliminated the threat"): event nouns (NOUN_TYPES) and these.
PLAN_WORDS = frozenset({"plan", "order", "mission", "plot", "task", "threat", "programme", "program", "policy", "strategy"})
DIE_VERBS = frozenset({"die", "perish"})
WOUND_VERBS = frozenset({"wound", "injure", "hurt", "maim"})
DETAIN_VERBS = frozenset({"arrest", "detain", "apprehend", "abduct", "kidnap"})
CAPTURE_VERBS = frozenset({"capture", "seize", "overrun", "overtake", "occupy", "retake", "recapture", "conquer"})
FIND_VERBS = frozenset({
    "find", "discover", "uncover", "confiscate", "recover", "seize", "capture", "secure", "destroy",
})
RELEASE_VERBS = frozenset({"release", "free", "liberate"})
ATTACK_VERBS = frozenset({"attack", "assault", "ambush", "storm", "shell", "besiege"})
STRIKE_VERBS = frozenset({"strike", "bomb", "target", "hit", "pound"})
CLASH_VERBS = frozenset({"clash", "fight"})
MEET_VERBS = frozenset({"meet"})
WITHDRAW_VERBS = frozenset({"withdraw", "pull", "leave", "evacuate"})

# Event nouns (lemmas) and the type they report on their own.
NOUN_TYPES: dict[str, str] = {
    "attack": "Attack", "assault": "Attack", "ambush": "Attack", "offensive": "Attack",
    "counterattack": "Attack", "counter-attack": "Attack", "shelling": "Attack", "shooting": "Attack",
    "airstrike": "Airstrike", "bombardment": "Airstrike", "air-strike": "Airstrike",
    "bombing": "Bombing", "explosion": "Bombing", "blast": "Bombing", "detonation": "Bombing",
    "clash": "Clash", "fighting": "Clash", "firefight": "Clash", "gunfight": "Clash", "gunbattle": "Clash",
    "battle": "Clash", "skirmish": "Clash", "crossfire": "Clash",
    "raid": "Raid", "operation": "Raid",
    "killing": "Killing", "assassination": "Killing", "execution": "Killing", "murder": "Killing", "death": "Killing",
    "arrest": "Detention", "detention": "Detention",
    "capture": "Capture", "takeover": "Capture", "seizure": "Capture", "fall": "Capture",
    "release": "Release",
    "withdrawal": "Withdrawal", "pullout": "Withdrawal", "pull-out": "Withdrawal", "drawdown": "Withdrawal",
    "meeting": "Meeting", "talks": "Meeting", "summit": "Meeting",
}

# Modifiers that make an attack a bombing, or a strike an airstrike.
BOMB_WORDS = frozenset({"suicide", "bomb", "bomber", "ied", "explosive", "roadside", "car", "vbied", "landmine", "mine"})
# Aircraft whose attack is an airstrike whatever the verb says: not the helicopters of an "air weapons
# team", whose close combat attack is a fight at close range. Words are matched with their lemmas too.
FIXED_WING_WORDS = frozenset({"aircraft", "airplane", "plane", "jet", "bomber", "drone", "uav", "b-52", "b-52s", "f-16"})
# Any word of an attack from the air, the helicopters' included.
AIR_WORDS = FIXED_WING_WORDS | {
    "air", "airstrike", "helicopter", "gunship", "specter", "specters", "apache", "aviation", "precision",
}
# Words for armed state forces: the agents of security operations (not of insurgent attacks).
SECURITY_WORDS = frozenset({
    "force", "forces", "troops", "troop", "army", "police", "soldier", "soldiers", "commando", "commandos",
    "patrol", "isaf", "coalition", "nato", "military", "ansf", "marines", "team", "unit", "battalion",
    "company", "platoon", "regiment", "brigade", "squadron",
})
# Objects that make capture/seize/take a capture of territory.
TERRITORY_WORDS = frozenset({
    "control", "city", "cities", "town", "district", "province", "capital", "village", "area", "territory",
    "base", "checkpoint", "outpost", "post", "headquarters", "compound", "airport", "border", "crossing",
    "power", "region", "valley", "centre", "center", "hill", "position", "bridge", "highway", "road",
})
# Objects that make seize/find/capture a seizure of goods.
GOODS_WORDS = frozenset({
    "weapon", "arm", "ammunition", "munition", "rifle", "gun", "pistol", "grenade", "rocket", "round", "mortar",
    "explosive", "ied", "bomb", "cache", "vehicle", "truck", "car", "motorcycle", "drug", "opium", "heroin",
    "hashish", "narcotic", "poppy", "material", "component", "equipment", "artillery", "launcher",
    "nitrate", "device", "shell", "mine", "landmine", "radio", "document", "cash", "money", "kilogram",
    "pound", "hardware", "tank", "humvee", "ak-47", "ak-47s", "rpg", "pkm", "machine",
})
PEOPLE_WORDS = frozenset({
    "detainee", "prisoner", "hostage", "inmate", "captive", "people", "civilian", "man", "woman", "child",
})
# Words that end the name of a military unit: an event noun before them is part of the name
# ("Special Operations Task Force", "a strike team", "the raid force"), not an event.
UNIT_WORDS = frozenset({
    "force", "forces", "task", "command", "group", "team", "unit", "units", "cell", "squadron", "battalion",
    "brigade", "regiment", "company", "division", "detachment", "wing", "headquarters", "center", "centre",
})
# Operation nouns that are security raids when modified like this.
RAID_MODIFIERS = frozenset({
    "security", "clearing", "clearance", "search", "kill", "capture", "night", "special", "joint", "combined",
    "partnered", "counterterrorism", "counter-terrorism", "counterinsurgency", "air", "assault", "cordon",
    "targeted", "military", "police",
})
# Heads whose complement is intended, planned, expected, alleged or denied, not reported as
# done: "sought to seize", "is expected to increase", "accused of launching", "planned an attack".
INTENT_HEADS = frozenset({
    "seek", "want", "plan", "try", "attempt", "aim", "intend", "vow", "pledge", "promise", "threaten",
    "hope", "expect", "prepare", "refuse", "fail", "decide", "order", "urge", "call", "ask", "allow",
    "need", "agree", "propose", "schedule", "stipulate", "require", "demand", "permit", "plot", "conspire",
    "accuse", "suspect", "believe", "allege", "deny", "involve", "wish", "mean", "suppose", "consider",
    "encourage", "advocate", "oppose", "avoid", "seem", "appear", "rumor", "rumour", "fear",
    "push", "press", "negotiate", "discuss", "authorize", "authorise", "approve", "reject",
})
# Adjectives of the same kind: "responsible for attacks", "able to capture", "likely to withdraw".
INTENT_ADJECTIVES = frozenset({
    "responsible", "known", "capable", "able", "unable", "ready", "likely", "unlikely", "due", "set", "eager",
    "willing", "determined", "involved", "suspected", "accused", "wanted", "linked", "tied", "prepared",
})
# Nouns of the same kind: "doubt about the Taliban taking over", "a plan to withdraw".
INTENT_NOUNS = frozenset({
    "doubt", "fear", "concern", "possibility", "prospect", "risk", "threat", "chance", "likelihood", "plan",
    "hope", "idea", "question", "worry", "rumour", "rumor", "intention", "attempt", "bid", "effort", "aim",
    "goal", "order", "call", "demand", "promise", "pledge", "vow", "offer", "proposal", "deal", "agreement",
    "policy", "warning", "ability", "capability", "right",
})
# Verbs whose object event did not happen: "foiled an attack", "prevented a takeover".
PREVENTED_HEADS = frozenset({"prevent", "thwart", "foil", "avert", "stop", "deter", "disrupt", "frustrate", "block"})
# Aspectual heads that pass on their own reality ("began to withdraw").
ASPECTUAL_HEADS = frozenset({
    "begin", "start", "continue", "keep", "manage", "go", "proceed", "resume", "enable", "help", "force",
})
NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "lest", "until", "once"})
# Heads of habitual descriptions of a person: "the leader is responsible for / involved in attacks".
HABITUAL_HEADS = INTENT_ADJECTIVES

# What a security operation looks for: "in search of a Haqqani leader", "an operation to capture a
# Taliban commander", "while pursuing a Taliban commander", "the target of the operation was ...".
SEARCH_VERBS = frozenset({"search", "pursue", "hunt", "seek", "track"})
SEARCH_NOUNS = frozenset({"search", "pursuit", "hunt", "manhunt"})
CAPTURE_INTENT_VERBS = frozenset({
    "capture", "detain", "arrest", "kill", "apprehend", "target", "find", "locate", "disrupt", "dismantle",
})
WANTED_WORDS = frozenset({
    "leader", "commander", "facilitator", "insurgent", "militant", "fighter", "suspect", "terrorist",
    "financier", "planner", "bomber", "network", "cell", "operative", "kidnapper", "smuggler", "trafficker",
    "governor", "individual", "emir", "chief", "maker", "expert", "member", "associate", "specialist", "dealer",
    "organizer", "coordinator", "courier", "militia", "gang", "group",
})
