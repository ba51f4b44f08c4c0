"""The domain's codes, their order and their Dutch labels.

One place for every code the data contract defines, so the loader, the
generator, the SQL results and the UI all speak the same words.
"""

from __future__ import annotations

# NCG phases in process order; the position + 1 is NCG's public phase number.
NCG_FASEN: tuple[str, ...] = (
    "nog_te_starten",
    "opname",
    "beoordeling",
    "planvorming",
    "uitvoering",
    "afgerond",
)
NCG_FASE_LABELS: dict[str, str] = {
    "nog_te_starten": "1. Nog te starten",
    "opname": "2. Opname",
    "beoordeling": "3. Beoordeling",
    "planvorming": "4. Planvorming",
    "uitvoering": "5. Uitvoering",
    "afgerond": "6. Afgerond",
}
NCG_LOPEND = NCG_FASEN[:5]

# IMG phases of a claim in process order; all but the last are "running".
IMG_FASEN: tuple[str, ...] = ("melding", "opname", "advies", "besluit", "afgehandeld")
IMG_FASE_LABELS: dict[str, str] = {
    "melding": "Melding",
    "opname": "Opname",
    "advies": "Advies",
    "besluit": "Besluit",
    "afgehandeld": "Afgehandeld",
}
IMG_LOPEND = IMG_FASEN[:4]

SCHADESOORTEN = ("fysieke_schade", "aos", "waardedaling", "immateriele_schade")
SCHADESOORT_LABELS: dict[str, str] = {
    "fysieke_schade": "Fysieke schade",
    "aos": "AOS (acuut onveilige situatie)",
    "waardedaling": "Waardedaling",
    "immateriele_schade": "Immateriële schade",
}
# Figures 1 and 2 count physical damage and acute unsafe situations only.
FYSIEKE_SCHADESOORTEN = ("fysieke_schade", "aos")

CATEGORIEEN: tuple[str, ...] = ("geen_schademelding", "gesloten", "beide_lopend")
CATEGORIE_LABELS: dict[str, str] = {
    "geen_schademelding": "Geen schademelding",
    "gesloten": "Gesloten bij (een van) beide(n)",
    "beide_lopend": "Beide lopend dossier",
}

PROGRAMMAS = ("regulier", "koploper", "bouwimpuls", "vbs", "batch_1588", "batch_3538", "typologie")
PROGRAMMA_LABELS: dict[str, str] = {
    "regulier": "Regulier",
    "koploper": "Koploper",
    "bouwimpuls": "Bouwimpuls",
    "vbs": "VBS",
    "batch_1588": "Batch 1588",
    "batch_3538": "Batch 3538",
    "typologie": "Typologie",
}

GROEPEN = ("A", "B", "C", "D", "E", "F")
# The evaluation's section 3.4, shortened; shown as the legend of the phase matrix.
GROEP_TEKST: dict[str, str] = {
    "A": "NCG-adres nog niet in een lokaal plan van aanpak: samenwerking onwaarschijnlijk, "
    "NCG kan nog geen opname plannen.",
    "B": "Beide moeten nog een opname plannen: gezamenlijke opname mogelijk (als de bewoner "
    "instemt en de tijdslijnen niet te ver uiteenlopen), daarna afstemming naar één integrale oplossing.",
    "C": "NCG moet nog opnemen, IMG is al veel verder: samenwerking onwaarschijnlijk.",
    "D": "Beoordeling loopt: beperkte samenwerking tot vaststaat of versterking nodig is.",
    "E": "Versterking nodig, maatregelen worden bepaald: schadeherstel kan worden meegenomen, "
    "het IMG-dossier kan worden geprioriteerd.",
    "F": "In uitvoering, contract met aannemer gesloten: beperkte samenwerking; door de aannemer "
    "gevonden schade tot ca. € 2.500 neemt NCG mee.",
}


def groep(ncg_fase: str, img_fase: str | None) -> str | None:
    """Group A-F of a beide_lopend address from its NCG phase and least advanced running IMG phase."""
    if img_fase not in IMG_LOPEND or ncg_fase not in NCG_LOPEND:
        return None
    if ncg_fase == "opname":
        return "B" if img_fase in ("melding", "opname") else "C"
    return {"nog_te_starten": "A", "beoordeling": "D", "planvorming": "E", "uitvoering": "F"}[ncg_fase]


SVIP_SOORTEN = ("statusuitwisseling", "samenwerking", "versnelling", "gegevensdeling", "overig")
SVIP_SOORT_LABELS: dict[str, str] = {
    "statusuitwisseling": "Statusuitwisseling",
    "samenwerking": "Verzoek tot samenwerking",
    "versnelling": "Verzoek tot versnelling",
    "gegevensdeling": "Gegevensdeling",
    "overig": "Overig",
}
SVIP_UITKOMSTEN = ("beantwoord", "geprioriteerd", "gekoppeld", "afgewezen")
SVIP_UITKOMST_LABELS: dict[str, str] = {
    "beantwoord": "Beantwoord",
    "geprioriteerd": "Geprioriteerd",
    "gekoppeld": "Medewerkers gekoppeld",
    "afgewezen": "Afgewezen",
    "geen": "Nog geen uitkomst",  # the outcome is empty while a request is open
}
ORGANISATIES = ("IMG", "NCG")

IVR_MENUKEUZES = ("schade", "versterking", "overig", "geen")
IVR_MENUKEUZE_LABELS: dict[str, str] = {
    "schade": "Schade",
    "versterking": "Versterking",
    "overig": "Overig",
    "geen": "Geen keuze",
}
IVR_ONDERWERPEN = ("schade", "versterking", "overig", "onbekend")
IVR_ONDERWERP_LABELS: dict[str, str] = {
    "schade": "Schade",
    "versterking": "Versterking",
    "overig": "Overig",
    "onbekend": "Onbekend of niet vastgelegd",
}
WEEKDAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")  # 0 = maandag

SAMENWERKING_SOORTEN = (
    "gezamenlijke_opname",
    "buddy",
    "informatie_uitwisseling",
    "gezamenlijke_uitvoering",
    "aos_voordracht",
)
SAMENWERKING_SOORT_LABELS: dict[str, str] = {
    "gezamenlijke_opname": "Gezamenlijke opname",
    "buddy": "Buddy-koppeling",
    "informatie_uitwisseling": "Informatie-uitwisseling",
    "gezamenlijke_uitvoering": "Gezamenlijke uitvoering",
    "aos_voordracht": "AOS-voordracht",
}
PILOTS = ("koploper", "bouwimpuls", "urgente_combinatiedossiers")
PILOT_LABELS: dict[str, str] = {
    "koploper": "Koploper",
    "bouwimpuls": "Bouwimpuls",
    "urgente_combinatiedossiers": "Urgente combinatiedossiers",
}
SAMENWERKING_STATUSSEN = ("mogelijk", "aangeboden", "gekozen", "afgewezen", "uitgevoerd")

# A delivery's files: name -> required or not.
BESTANDEN: dict[str, bool] = {
    "ncg_adressen": True,
    "img_schademeldingen": True,
    "svip_verzoeken": False,
    "ivr_gesprekken": False,
    "samenwerking": False,
}


# An address's identity and place, in the order every address list, signal row and export shows them.
ADRES_KOLOMMEN = ("ncg_id", "straat", "huisnummer", "huisletter", "toevoeging", "postcode", "woonplaats", "gemeente")
