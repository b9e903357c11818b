"""Dates in five languages, and a document's declared effective date."""

from __future__ import annotations

import ast
import datetime
from pathlib import Path

import pytest

from watcher.dates import cue_dates, effective_date, find_dates, fold, is_date_line

DATA = Path(__file__).parent / "data" / "dates"


def _iso(text: str, **kwargs: bool) -> list[str]:
    return [d.value.isoformat() for d in find_dates(text, **kwargs)]


# --- find_dates ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        # ISO and year-first
        ("2026-03-01", "2026-03-01"),
        ("2026-03-01T10:00:00Z", "2026-03-01"),
        ("2026/3/1", "2026-03-01"),
        # English
        ("March 1, 2026", "2026-03-01"),
        ("March 1 2026", "2026-03-01"),
        ("Mar. 1, 2026", "2026-03-01"),
        ("Sept. 30, 2025", "2025-09-30"),
        ("MARCH 21ST, 2026", "2026-03-21"),
        ("1 March 2026", "2026-03-01"),
        ("1st March 2026", "2026-03-01"),
        ("the 2nd of February, 2026", "2026-02-02"),
        ("23rd Dec 2025", "2025-12-23"),
        ("Monday, May 4, 2026", "2026-05-04"),
        # French
        ("1er mars 2026", "2026-03-01"),
        ("1 mars 2026", "2026-03-01"),
        ("8 août 2025", "2025-08-08"),
        ("8 aout 2025", "2025-08-08"),
        ("28 NOVEMBRE 2025", "2025-11-28"),
        ("10 févr. 2026", "2026-02-10"),
        ("2 décembre 2024", "2024-12-02"),
        # German
        ("1. März 2026", "2026-03-01"),
        ("1. Maerz 2026", "2026-03-01"),
        ("01. Januar 2026", "2026-01-01"),
        ("5. Okt. 2026", "2026-10-05"),
        ("15. Dezember 2025", "2025-12-15"),
        ("1.3.2026", "2026-03-01"),
        ("01.03.2026", "2026-03-01"),
        # Spanish
        ("1 de marzo de 2026", "2026-03-01"),
        ("1 de marzo, 2026", "2026-03-01"),
        ("1º de marzo de 2026", "2026-03-01"),
        ("15 de septiembre del 2025", "2025-09-15"),
        ("3 de setiembre de 2025", "2025-09-03"),
        ("20 de diciembre de 2025", "2025-12-20"),
        # Italian
        ("1 marzo 2026", "2026-03-01"),
        ("1° marzo 2026", "2026-03-01"),
        ("12 giugno 2025", "2025-06-12"),
        ("31 dicembre 2025", "2025-12-31"),
        ("3 ott. 2025", "2025-10-03"),
        # month and year: the first of the month
        ("March 2026", "2026-03-01"),
        ("mars 2026", "2026-03-01"),
        ("Februar 2026", "2026-02-01"),
        ("marzo de 2026", "2026-03-01"),
        ("luglio 2025", "2025-07-01"),
    ],
)
def test_find_dates_reads_common_formats(text: str, date: str) -> None:
    (match,) = find_dates(f"Updated {text}.")
    assert match.value.isoformat() == date
    # The match is the date itself: no weekday, article or time of day.
    assert match.text == _MATCHED.get(text, text)
    assert f"Updated {text}."[match.start : match.end] == match.text


_MATCHED = {
    "2026-03-01T10:00:00Z": "2026-03-01",
    "the 2nd of February, 2026": "2nd of February, 2026",
    "Monday, May 4, 2026": "May 4, 2026",
}


@pytest.mark.parametrize(
    "text",
    [
        "in 2026",  # a year alone
        "1/3/26",  # two-digit year
        "31/02/2026",  # no such day
        "13/13/2026",
        "2026-13-01",
        "version 1.2.2026.4",
        "call 0800 2026 1234",
        "Section 12 March",  # no year
        "w2026",
    ],
)
def test_find_dates_ignores_what_is_not_a_date(text: str) -> None:
    assert find_dates(text) == []


def test_numeric_dates_are_day_first_unless_the_text_says_otherwise() -> None:
    assert _iso("01/03/2026") == ["2026-03-01"]  # fr, de, es, it, en-GB
    assert _iso("25/03/2026 and 01/03/2026") == ["2026-03-25", "2026-03-01"]
    # A month-first date elsewhere in the text makes it American.
    assert _iso("03/25/2026 and 01/03/2026") == ["2026-03-25", "2026-01-03"]
    assert _iso("Effective March 3, 2026. Amended 01/03/2026.") == ["2026-03-03", "2026-01-03"]
    assert _iso("Effective 3 March 2026. Amended 01/03/2026.") == ["2026-03-03", "2026-03-01"]
    # A part over 12 settles one date whatever the text says.
    assert _iso("March 3, 2026; 25/03/2026") == ["2026-03-03", "2026-03-25"]
    # Dots are German: always day.month.
    assert _iso("March 3, 2026; 01.03.2026") == ["2026-03-03", "2026-03-01"]
    # The caller may know better.
    assert _iso("01/03/2026", month_first=True) == ["2026-01-03"]
    assert _iso("03/25/2026 01/03/2026", month_first=False) == ["2026-03-25", "2026-03-01"]


def test_find_dates_finds_every_date_in_order_without_overlaps() -> None:
    text = (
        "Effective September 12, 2021. Last Revised August 12, 2021; prior: 1 May 2020 – 2020-06-30"
    )
    assert [d.text for d in find_dates(text)] == [
        "September 12, 2021",
        "August 12, 2021",
        "1 May 2020",
        "2020-06-30",
    ]


def test_fold_keeps_offsets() -> None:
    text = "Dernière MISE À JOUR – İstanbul, Straße, l’été"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded.startswith("derniere mise a jour - ")
    assert "l'ete" in folded


# --- effective_date -----------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "date"),
    [
        ("# Privacy Policy\n\nLast updated: March 1, 2026\n\nWe care.", "2026-03-01"),
        ("# Terms\n\nLast modified on 2 February 2026\n", "2026-02-02"),
        ("# Termos de Uso\n\nÚltima atualização: 3 de março de 2026\n", "2026-03-03"),
        ("Política de Privacidade — em vigor desde 1 de outubro de 2026.", "2026-10-01"),
        ("# Privacyverklaring\n\nLaatst bijgewerkt op 12 maart 2026\n", "2026-03-12"),
        ("Deze voorwaarden zijn van kracht vanaf 1 oktober 2026.", "2026-10-01"),
        ("Last revised: 2026-01-15\n", "2026-01-15"),
        ("# Terms\n\nEffective date: 1 April 2026\n", "2026-04-01"),
        ("Effective as of April 1, 2026, these terms replace the old ones.", "2026-04-01"),
        ("Effective: 04/01/2026 (US) — see March 31, 2026 notice", "2026-04-01"),
        ("Updated: Jan. 5, 2026\n", "2026-01-05"),
        ("Version date: 3 March 2026\n", "2026-03-03"),
        ("Date of last revision: 12 May 2025\n", "2025-05-12"),
        ("The Effective Date of these Terms of Service is 1 June 2026.", "2026-06-01"),
        # fr
        ("# CGU\n\nDernière mise à jour : 1er mars 2026\n", "2026-03-01"),
        ("Derniere mise a jour le 28 mars 2025.", "2025-03-28"),
        ("Mis à jour le 15 janvier 2026", "2026-01-15"),
        ("En vigueur le 1er avril 2026", "2026-04-01"),
        ("Date d'entrée en vigueur : 01/04/2026", "2026-04-01"),
        ("Date d’effet : 2 mai 2026", "2026-05-02"),
        ("Version du 3 février 2026", "2026-02-03"),
        # de
        ("# Datenschutzerklärung\n\nStand: 1. März 2026\n", "2026-03-01"),
        ("Stand 01.03.2026", "2026-03-01"),
        ("Zuletzt aktualisiert am 15. Januar 2026", "2026-01-15"),
        ("Letzte Aktualisierung: 2. Februar 2026", "2026-02-02"),
        ("Gültig ab 1. April 2026", "2026-04-01"),
        ("Inkrafttreten: 1.5.2026", "2026-05-01"),
        ("Datum des Inkrafttretens: 01.06.2026", "2026-06-01"),
        # es
        ("Última actualización: 1 de marzo de 2026", "2026-03-01"),
        ("ULTIMA ACTUALIZACION: 1 de marzo, 2026", "2026-03-01"),
        ("Fecha de entrada en vigor: 15 de enero de 2026", "2026-01-15"),
        ("Vigente desde el 1 de abril de 2026", "2026-04-01"),
        ("Actualizado el 2 de febrero de 2026", "2026-02-02"),
        ("Fecha de última modificación: 03/02/2026", "2026-02-03"),
        # it
        ("Ultimo aggiornamento: 1° marzo 2026", "2026-03-01"),
        ("Data di entrata in vigore: 15 gennaio 2026", "2026-01-15"),
        ("In vigore dal 1 aprile 2026", "2026-04-01"),
        ("Aggiornato il 2 febbraio 2026", "2026-02-02"),
        ("Data di efficacia: 01/05/2026", "2026-05-01"),
    ],
)
def test_effective_date_follows_its_cue(head: str, date: str) -> None:
    found = effective_date(head)
    assert found is not None
    assert found.value.isoformat() == date
    assert head[found.start : found.end] == found.text


@pytest.mark.parametrize(
    ("name", "date", "text"),
    [
        ("reddit_terms_head", "2021-09-12", "September 12, 2021"),
        ("amazon_fr_terms_head", "2025-03-28", "28 mars 2025"),
        ("amazon_fr_terms_en_head", "2025-03-28", "28.03.2025"),
    ],
)
def test_effective_date_of_real_document_heads(name: str, date: str, text: str) -> None:
    head = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    found = effective_date(head)
    assert found is not None
    assert (found.value, found.text) == (datetime.date.fromisoformat(date), text)


def test_a_date_in_a_clause_is_not_the_effective_date() -> None:
    text = (
        "# Terms\n\nIf you were a user before 1 May 2020, the old terms apply until "
        "June 30, 2020.\n\nLast updated: March 1, 2026\n"
    )
    assert effective_date(text).value == datetime.date(2026, 3, 1)


def test_no_cue_no_effective_date() -> None:
    assert effective_date("If you were a user before 1 May 2020, the old terms apply.") is None
    assert effective_date("Copyright 2026 Example Inc. Founded March 2010.") is None
    assert effective_date("") is None
    # A single cue word needs its date right after it.
    assert effective_date("These terms became effective for users who joined in May 2020.") is None


def test_a_header_cue_beats_an_inline_one_far_into_the_document() -> None:
    body = "We process data. " * 200
    clause = "Changes are effective on 1 May 2020 for old users."
    text = f"{body}\n\n{clause}\n\n{body}\n\nLast updated: 1 March 2026\n"
    assert effective_date(text).value == datetime.date(2026, 3, 1)
    # In the document's head, the first cue wins.
    head = "Effective September 12, 2021. Last Revised August 12, 2021"
    assert effective_date(head).value == datetime.date(2021, 9, 12)


def test_cue_dates_and_date_lines() -> None:
    line = "Effective September 12, 2021. Last Revised August 12, 2021"
    assert [d.text for d in cue_dates(line)] == ["September 12, 2021", "August 12, 2021"]
    assert cue_dates("Users who joined before 1 May 2020") == []
    assert is_date_line(line)
    assert is_date_line("Dernière mise à jour le 28 mars 2025.")
    assert is_date_line("## Last updated: April 9, 2026")
    assert is_date_line("Stand: 01.03.2026")
    assert is_date_line("1 March 2026")
    assert not is_date_line("Last updated")
    assert not is_date_line("# Privacy Policy (last updated March 1, 2026)")
    assert not is_date_line("Changes take effect on September 16, 2024.")


def test_dates_is_a_leaf_module() -> None:
    # Of ours, only the languages it reads (which import nothing of ours themselves).
    source = Path(__file__).parents[1] / "watcher" / "dates.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.module in {
                "__future__",
                "datetime",
                "re",
                "unicodedata",
                "dataclasses",
            } or (node.module == "watcher.languages")
        elif isinstance(node, ast.Import):
            assert all(a.name in {"datetime", "re", "unicodedata"} for a in node.names)
