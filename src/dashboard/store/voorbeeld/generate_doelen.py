"""The sample's calibration targets: the evaluation's figures (August 2021, autumn 2020) the generator reproduces
at scale 1, its volumes, villages and shares.
"""

from __future__ import annotations

from datetime import date

DEFAULT_SEED = 20210831
DEFAULT_PEILDATUM = date(2021, 8, 31)
# The sample's earlier snapshot: the autumn-2020 inventory of the letter of 21 January ("ruim 26.000
# adressen", "op circa 71 procent geen schademelding").
EERDERE_PEILDATUM = date(2020, 10, 31)
N_NCG_2020 = 26_000
N_GEEN_2020 = 18_460  # 71.0%

# Volumes at scale 1.
N_NCG = 26_800
N_BEIDE_LOPEND = 1_400
N_GESLOTEN = 7_700
N_CLAIMS = 150_000
N_OTHER_ADDRESSES = 70_000
NCG_PER_GEMEENTE = {"Groningen": 5_000, "Midden-Groningen": 3_500, "Het Hogeland": 2_350, "Oldambt": 300}
OTHER_SHARE_PER_GEMEENTE = {
    "Eemsdelta": 0.42,
    "Groningen": 0.28,
    "Midden-Groningen": 0.17,
    "Het Hogeland": 0.11,
    "Oldambt": 0.02,
}
GEMEENTECODE = {
    "Eemsdelta": "1979",
    "Groningen": "0014",
    "Midden-Groningen": "1952",
    "Het Hogeland": "1966",
    "Oldambt": "1895",
}

# (woonplaats, gemeente, lat, lon, share within the gemeente, 4-digit postcodes)
VILLAGES: tuple[tuple[str, str, float, float, float, tuple[int, ...]], ...] = (
    ("Loppersum", "Eemsdelta", 53.333, 6.750, 0.16, (9919,)),
    ("Appingedam", "Eemsdelta", 53.322, 6.858, 0.22, (9901, 9902, 9903)),
    ("Delfzijl", "Eemsdelta", 53.330, 6.918, 0.30, (9930, 9931, 9932, 9933, 9934, 9935, 9937, 9938)),
    ("Middelstum", "Eemsdelta", 53.347, 6.642, 0.08, (9991,)),
    ("Stedum", "Eemsdelta", 53.323, 6.695, 0.06, (9921,)),
    ("'t Zandt", "Eemsdelta", 53.363, 6.776, 0.05, (9914,)),
    ("Garrelsweer", "Eemsdelta", 53.303, 6.776, 0.04, (9923,)),
    ("Wagenborgen", "Eemsdelta", 53.259, 6.942, 0.09, (9936,)),
    ("Uithuizen", "Het Hogeland", 53.408, 6.671, 0.45, (9981,)),
    ("Winsum", "Het Hogeland", 53.330, 6.519, 0.25, (9951,)),
    ("Bedum", "Het Hogeland", 53.300, 6.602, 0.30, (9781,)),
    (
        "Groningen",
        "Groningen",
        53.219,
        6.567,
        0.75,
        tuple(range(9711, 9719)) + tuple(range(9721, 9729)) + tuple(range(9731, 9739)) + tuple(range(9741, 9748)),
    ),
    ("Ten Boer", "Groningen", 53.276, 6.694, 0.25, (9791,)),
    ("Slochteren", "Midden-Groningen", 53.220, 6.805, 0.20, (9621,)),
    ("Siddeburen", "Midden-Groningen", 53.254, 6.870, 0.20, (9628,)),
    ("Overschild", "Midden-Groningen", 53.279, 6.787, 0.08, (9625,)),
    ("Hoogezand", "Midden-Groningen", 53.161, 6.761, 0.32, (9601, 9602, 9603, 9606, 9607, 9608)),
    ("Sappemeer", "Midden-Groningen", 53.160, 6.791, 0.20, (9611, 9612, 9613)),
    ("Winschoten", "Oldambt", 53.144, 7.034, 1.00, (9671, 9672, 9673, 9674, 9675)),
)

# Postcode letter pairs; SA, SD and SS are not issued in the Netherlands.
LETTER_PAIRS = tuple(
    a + b for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if a + b not in ("SA", "SD", "SS")
)
STREET_STEMS = (
    "Kerk",
    "Molen",
    "School",
    "Dorps",
    "Heeren",
    "Wierde",
    "Tuin",
    "Zuider",
    "Noorder",
    "Ooster",
    "Wester",
    "Hoofd",
    "Stations",
    "Beuken",
    "Eiken",
    "Linden",
    "Berken",
    "Wilgen",
    "Esdoorn",
    "Meidoorn",
    "Kastanje",
    "Populieren",
    "Iepen",
    "Zwaluw",
    "Kievit",
    "Merel",
    "Lijster",
    "Reiger",
    "Spreeuwen",
    "Vinken",
    "Leeuwerik",
    "Boeren",
    "Akker",
    "Weide",
    "Maren",
    "Zijl",
    "Sluis",
    "Haven",
    "Vaart",
    "Borg",
    "Klooster",
    "Pastorie",
    "Rozen",
    "Tulpen",
    "Narcissen",
    "Krokus",
    "Lelie",
    "Jasmijn",
    "Brink",
    "Wad",
    "Eems",
    "Fivel",
    "Damster",
    "Hunze",
    "Reitdiep",
    "Wierum",
    "Hoeve",
    "Slingeborg",
    "Mieden",
    "Hamrik",
    "Oosterhorn",
    "Steen",
    "Bloemen",
)
STREET_SUFFIXES = ("straat", "weg", "laan", "pad", "plein", "singel", "dijk", "kade", "hof", "wijk", "dreef", "streek")

# NCG phase counts per figure-1 category (phases 1..6): overall 11/12/24/38/6/9 %.
NCG_FASE_PER_CATEGORIE = {
    "beide_lopend": (140, 196, 336, 630, 98, 0),
    "gesloten": (770, 924, 1_848, 2_772, 385, 1_001),
    "geen_schademelding": (2_038, 2_096, 4_248, 6_782, 1_125, 1_411),
}
GEEN, GESLOTEN, BEIDE = 0, 1, 2
CATEGORIE_CODES = ("geen_schademelding", "gesloten", "beide_lopend")

# Programme sizes at scale 1 (koploper and the pilots' forced addresses included).
PROGRAMMA_AANTAL = {
    "koploper": 60,
    "bouwimpuls": 1_000,
    "vbs": 450,
    "batch_1588": 1_588,
    "batch_3538": 3_538,
    "typologie": 1_200,
}

FYSIEK, AOS, WAARDEDALING, IMMATERIEEL = range(4)
AFGEHANDELD = 4
# Phase shares of a claim nothing constrains (melding, opname, advies, besluit, afgehandeld).
IMG_FASE_VRIJ = (0.08, 0.08, 0.07, 0.05, 0.72)
# Least advanced running IMG phase of a beide_lopend address.
IMG_FASE_BEIDE = (0.30, 0.25, 0.25, 0.20)
# Days since melding of a running claim, per phase (low, high).
LOPEND_DAGEN = ((0, 150), (20, 300), (45, 450), (75, 600))

START_MELDING = date(2018, 3, 31)
IVR_START = date(2021, 1, 3)
IVR_H1_EIND = date(2021, 6, 30)
WARME_OVERDRACHT_START = date(2021, 7, 1)
IVR_H1 = {"IMG": (57_352, 745), "NCG": (6_517, 634)}  # calls, misrouted
FEESTDAGEN = (
    date(2021, 4, 2),
    date(2021, 4, 5),
    date(2021, 4, 27),
    date(2021, 5, 5),
    date(2021, 5, 13),
    date(2021, 5, 24),
)
SVIP_START = date(2019, 10, 1)
SVIP_MIDDEN = date(2020, 6, 30)
N_SVIP_TOT_MIDDEN = 500
SVIP_SOORT_AANDEEL = (0.42, 0.26, 0.18, 0.08, 0.06)
# Outcome shares per kind, in SVIP_UITKOMSTEN order (beantwoord, geprioriteerd, gekoppeld, afgewezen).
SVIP_UITKOMST_AANDEEL = (
    (0.92, 0.00, 0.00, 0.08),
    (0.15, 0.00, 0.75, 0.10),
    (0.25, 0.55, 0.00, 0.20),
    (0.70, 0.00, 0.00, 0.30),
    (0.90, 0.00, 0.00, 0.10),
)
SAMENWERKING_START = date(2019, 10, 1)
