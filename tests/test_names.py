"""Byline text to clean person names: `clean_byline` splits, strips and recases.

Authors are people: never organisations, never "By", roles, e-mail addresses, dates or
"4 Minute Read". Several authors are split on commas and "and" in each language the tool reads.
"""

from __future__ import annotations

import pytest

from attribution.extract.names import clean_byline, person_name, same_person
from attribution.registry import load_registry

# Registry names, as the pipeline strips them from bylines ("NATALIYA VASILYEVA Associated Press").
REGISTRY_NAMES = load_registry().spellings()


@pytest.mark.parametrize(
    ("byline", "persons"),
    [
        # Case: names in capitals are title-cased, particles kept lower-case.
        ("By JANE DOE", ["Jane Doe"]),
        ("BY JANE DOE AND JOHN ROE", ["Jane Doe", "John Roe"]),
        ("By JOSÉ NÚÑEZ", ["José Núñez"]),
        ("By ANA DE LA CRUZ", ["Ana de la Cruz"]),
        ("By JANE DOE, Senior Reporter", ["Jane Doe"]),
        # Roles and titles.
        ("By Jane Doe, Senior Reporter", ["Jane Doe"]),
        ("Jane Doe Staff Writer", ["Jane Doe"]),
        ("By Dr. Jane Doe", ["Jane Doe"]),
        ("By Jane Doe, Ph.D.", ["Jane Doe"]),
        ("By Jane Doe, professor of biology, University of Sydney", ["Jane Doe"]),
        # E-mail, links, reading time, dates.
        ("By Jane Doe jane.doe@example.com", ["Jane Doe"]),
        ("By Jane Doe, Contributor | jane@example.org", ["Jane Doe"]),
        ("By Jane Doe | 4 Minute Read", ["Jane Doe"]),
        ("By Jane Doe • 4 MINUTE READ", ["Jane Doe"]),
        ("Jane Doe 4 min read", ["Jane Doe"]),
        ("By Jane Doe Updated March 3, 2026 5:00 PM", ["Jane Doe"]),
        ("By Jane Doe Email the author", ["Jane Doe"]),
        ("By Bryan Walsh Tuesday, Aug. 17, 2010", ["Bryan Walsh"]),
        ("Par Marie Dupont, mardi", ["Marie Dupont"]),
        # A weekday word within a name, and the weekdays that are names, stay.
        ("By Jane Doe and Friday Smith", ["Jane Doe", "Friday Smith"]),
        ("By Plácido Domingo", ["Plácido Domingo"]),
        # A spaced dash opens a description, as a comma does; a hyphen joins a name.
        (
            "By JORDAN ROBERTSON and RACHEL METZ - AP Technology Writers | AP – 1 hr ago",
            ["Jordan Robertson", "Rachel Metz"],
        ),
        ("By Jane Doe - Staff Writer", ["Jane Doe"]),
        ("By Mary-Kate Olsen – Senior Editor", ["Mary-Kate Olsen"]),
        ("By Jemele Hill Archive | Contact", ["Jemele Hill"]),
        # A place between bars before the date is the dateline's, not a second name.
        ("Patricio Candia | Palma de Mallorca | 08/01/2014", ["Patricio Candia"]),
        ("Ana de la Cruz | 08/01/2014", ["Ana de la Cruz"]),
        # A street address, as a newsroom's <address> gives it.
        ("4746 Kelly Drive, West Virginia", []),
        ("By Jane Doe, 123 Main St., Springfield", ["Jane Doe"]),
        # Several authors.
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("By Jane Doe, John Roe and Ana Ruiz", ["Jane Doe", "John Roe", "Ana Ruiz"]),
        ("Jane Doe & John Roe", ["Jane Doe", "John Roe"]),
        ("By Jane Doe; Edited by John Roe", ["Jane Doe"]),
        ("Story by Jane Doe, photos by John Roe", ["Jane Doe"]),
        ("Reporting by Kate Holton; Editing by Mark Potter", ["Kate Holton"]),
        # Publishers are not people.
        ("Written by The Conversation", []),
        ("By The Associated Press", []),
        ("By Jane Doe, Associated Press", ["Jane Doe"]),
        ("Jane Doe and John Roe, KFF Health News", ["Jane Doe", "John Roe"]),
        ("Written by Jane Doe and The Conversation", ["Jane Doe"]),
        ("By STAFF", []),
        ("Follow Jane Doe on Twitter", []),
        # Spanish.
        ("Por Carmen Ibarra Solís", ["Carmen Ibarra Solís"]),
        ("Escrito por Carmen Ibarra", ["Carmen Ibarra"]),
        ("Por Carmen Ibarra, corresponsal", ["Carmen Ibarra"]),
        ("Por María José Tzul y Andrea Campos", ["María José Tzul", "Andrea Campos"]),
        ("Por Carmen Ibarra, Ana Ruiz y Tomás Reyes", ["Carmen Ibarra", "Ana Ruiz", "Tomás Reyes"]),
        # French.
        ("Par Claire Fontaine et Julien Moreau", ["Claire Fontaine", "Julien Moreau"]),
        ("par Claire Fontaine, journaliste", ["Claire Fontaine"]),
        (
            "Par Claire Fontaine, Julien Moreau et Anne Martin",
            ["Claire Fontaine", "Julien Moreau", "Anne Martin"],
        ),
        # German.
        ("Von Anna Müller und Jonas Becker", ["Anna Müller", "Jonas Becker"]),
        ("von Anna Müller, Redakteurin", ["Anna Müller"]),
        (
            "Von Anna Müller, Jonas Becker und Lena Schmidt",
            ["Anna Müller", "Jonas Becker", "Lena Schmidt"],
        ),
        ("Von Anna Müller (dpa)", ["Anna Müller"]),
        # Names that look unusual but are names.
        ("By Jean-Luc Picard", ["Jean-Luc Picard"]),
        ("By Seán O'Brien", ["Seán O'Brien"]),
        ("By Ludwig van Beethoven", ["Ludwig van Beethoven"]),
        # A nickname in quotes between given name and surname is part of the name.
        ('Amanda "Tania Mae" Tan', ['Amanda "Tania Mae" Tan']),
        ("By Tom O'Neil and Jim ‘Mac’ McDonald", ["Tom O'Neil", "Jim ‘Mac’ McDonald"]),
        ('Mary Ann "Mo" de la Cruz', ['Mary Ann "Mo" de la Cruz']),
        ('AMANDA "TANIA" TAN', ['Amanda "Tania" Tan']),
        # ...but not a quoted phrase or role, nor a quote where no name surrounds it.
        ('Amanda "the best" Tan', []),
        ('Jane "Staff Writer" Doe', []),
        ('"Tania" Tan', []),
        # A time stamp and share buttons caught in the byline's container.
        ("Jane Doe 3 hours ago", ["Jane Doe"]),
        ("By Jane Doe 1 day ago SHARE TWEET EMAIL", ["Jane Doe"]),
        # A date after the name, with the word that led into it.
        ("By Jane Doe on October 21, 2021", ["Jane Doe"]),
        ("Von Anna Schmidt am 12.03.2024", ["Anna Schmidt"]),
        ("Par Anne Dupont le 2026-03-12", ["Anne Dupont"]),
        # ...but a surname that is such a word, with no date, stays.
        ("By Marie Le", ["Marie Le"]),
        # An e-mail address in parentheses or angle brackets after the name.
        ("Jane Doe (jdoe@harbornews.example)", ["Jane Doe"]),
        ("Jane Doe <jdoe@harbornews.example>", ["Jane Doe"]),
        ("By Jane Doe and Tom Hale (tom.hale@harbornews.example)", ["Jane Doe", "Tom Hale"]),
        # A second writer joined by "with"; help with the reporting is no authorship.
        ("By Jane Doe with John Roe", ["Jane Doe", "John Roe"]),
        # A wire's roundup: its compiler is its writer.
        ("Compiled by Jane Doe", ["Jane Doe"]),
        ("By Jane Doe, with additional reporting by John Roe", ["Jane Doe"]),
        # Nothing to read.
        ("", []),
        ("By", []),
        ("x" * 400, []),
    ],
)
def test_clean_byline_persons(byline: str, persons: list[str]) -> None:
    assert clean_byline(byline)[0] == persons


@pytest.mark.parametrize(
    ("byline", "persons"),
    [
        pytest.param(
            "By Jane Doe and John Roe of ProPublica",
            ["Jane Doe", "John Roe"],
        ),
        pytest.param(
            "By Jane Doe. Photos by John Roe",
            ["Jane Doe"],
        ),
    ],
)
def test_clean_byline_persons_split_affiliations_and_sentences(
    byline: str, persons: list[str]
) -> None:
    assert clean_byline(byline)[0] == persons


@pytest.mark.parametrize(
    ("byline", "organisation"),
    [
        ("Written by The Conversation", "The Conversation"),
        ("By The Associated Press", "The Associated Press"),
        ("By Jane Doe, The Conversation", "The Conversation"),
        ("Jane Doe and John Roe, KFF Health News", "KFF Health News"),
        ("Doug Stanglin , USA TODAY", "USA TODAY"),
        ("By Jane Doe, Psychology Today", "Psychology Today"),
    ],
)
def test_organisations_in_a_byline_are_returned_apart(byline: str, organisation: str) -> None:
    persons, organisations = clean_byline(byline)
    assert organisation in organisations
    assert organisation not in persons


@pytest.mark.parametrize("byline", ["By Jane Doe, M.D.", "By JANE DOE, M.D.", "By Jane Doe, Ph.D."])
def test_a_degree_with_periods_is_neither_a_name_nor_an_organisation(byline: str) -> None:
    assert clean_byline(byline) == (["Jane Doe"], [])


def test_a_role_is_not_an_organisation() -> None:
    assert clean_byline("Jane Doe, Staff Writer") == (["Jane Doe"], [])


def test_registry_names_are_stripped_from_a_name_in_capitals() -> None:
    assert clean_byline("NATALIYA VASILYEVA Associated Press")[0] == []
    persons, organisations = clean_byline(
        "NATALIYA VASILYEVA Associated Press", strip_names=REGISTRY_NAMES
    )
    assert persons == ["Nataliya Vasilyeva"]
    assert organisations


@pytest.mark.parametrize(
    ("byline", "persons", "organisations"),
    [
        # A wire's initialism counts as the wire writes it...
        ("By Jane Doe, AP", ["Jane Doe"], ["AP"]),
        ("By Jane Doe, dpa", ["Jane Doe"], ["dpa"]),
        # ...in another case only where no person is named without it.
        ("By Ap Dhillon", ["Ap Dhillon"], []),
        ("Tom Krisher, Ap Auto Writer", ["Tom Krisher"], ["Ap"]),
        # A name with a hyphen, as the publisher writes it.
        ("By Jane Doe, Agence France-Presse", ["Jane Doe"], ["Agence France-Presse"]),
        # A story passed on by a wire or a portal: "via" leads to the publisher.
        ("By Jane Doe via ProPublica", ["Jane Doe"], ["ProPublica"]),
        ("Jane Doe and John Roe via Reuters", ["Jane Doe", "John Roe"], ["Reuters"]),
        (
            "By Jane Doe, University of Somewhere via The Conversation",
            ["Jane Doe"],
            ["The Conversation", "University of Somewhere"],
        ),
        ("By Jane Doe via Acme Herald", ["Jane Doe"], ["Acme Herald"]),
        # Other words that tie a writer to a newsroom, before the person's part or the
        # newsroom's own.
        ("By Jane Doe in partnership with ProPublica", ["Jane Doe"], ["ProPublica"]),
        (
            "By Jane Doe and John Roe, in collaboration with The Texas Tribune",
            ["Jane Doe", "John Roe"],
            ["The Texas Tribune"],
        ),
        ("By Jane Doe, special to the Acme Herald", ["Jane Doe"], ["the Acme Herald"]),
        ("By Jane Doe, correspondent for Acme Herald", ["Jane Doe"], ["Acme Herald"]),
        ("Jane Doe, of the Acme Herald", ["Jane Doe"], ["the Acme Herald"]),
        # ...in other languages ("de" is not one: "Juan Pérez de León" is one name).
        ("Por Jane Doe para El Faro", ["Jane Doe"], ["El Faro"]),
        ("Par Jane Doe pour Le Monde", ["Jane Doe"], ["Le Monde"]),
        ("Von Jane Doe für die Zeit", ["Jane Doe"], ["die Zeit"]),
        ("Di Jane Doe per La Stampa", ["Jane Doe"], ["La Stampa"]),
        ("Por Juan Pérez de León", ["Juan Pérez de León"], []),
        ("By Per Andersson", ["Per Andersson"], []),
        # A byline in title case writes the tie so too.
        ("By Jane Doe Of The Acme Herald", ["Jane Doe"], ["The Acme Herald"]),
        ("Jane Doe For ProPublica", ["Jane Doe"], ["ProPublica"]),
        # Brackets closing the byline hold the newsroom, as a comma would...
        ("Jane Doe (Reuters)", ["Jane Doe"], ["Reuters"]),
        ("By Jane Doe [The Conversation]", ["Jane Doe"], ["The Conversation"]),
        ("By Jane Doe (Acme Herald)", ["Jane Doe"], ["Acme Herald"]),
        # ...but not a role, a nickname's initials or an e-mail address.
        ("Jane Doe (Staff)", ["Jane Doe"], []),
        ("Richard Eskow (R.J.)", ["Richard Eskow"], []),
        ("Jane Doe (jdoe@harbornews.example)", ["Jane Doe"], []),
        # ...but an organisation whose name holds such a word keeps it.
        ("By Jane Doe, Center for Public Integrity", ["Jane Doe"], ["Center for Public Integrity"]),
        # ...and a name holding the letters is a name.
        ("By Olivia Vianello", ["Olivia Vianello"], []),
    ],
)
def test_registry_names_in_a_byline(
    byline: str, persons: list[str], organisations: list[str]
) -> None:
    assert clean_byline(byline, strip_names=REGISTRY_NAMES) == (persons, organisations)


@pytest.mark.parametrize(
    ("part", "name"),
    [
        ("Jane Doe", "Jane Doe"),
        ("JANE DOE", "Jane Doe"),
        ("jane doe", None),  # lower-case words are prose, not a name
        ("Mary-Kate O'Neil", "Mary-Kate O'Neil"),
        ("Jane", None),
        ("A. B.", None),
        ("Senior Reporter", None),
        ("Associated Press", None),
        ("The Daily News Team", None),
        ("4 Minute Read", None),
        ("One Two Three Four Five Six", None),
        # A company's legal form ends an organisation's name, not a person's.
        ("RSW AG", None),
        ("Acme GmbH", None),
        ("Grupo Prisa S.A.", None),
        ("Acme Co.", None),
        ("Nokia OY", None),
        # The short forms are surnames as well, written as names are.
        ("Zaldy Co", "Zaldy Co"),
        ("Kim Sa", "Kim Sa"),
        # A word in capitals without a vowel is an initialism; two letters can be a surname.
        ("KFF Health", None),
        ("Kevin Ng", "Kevin Ng"),
        ("KEVIN NG", "Kevin Ng"),
    ],
)
def test_person_name(part: str, name: str | None) -> None:
    assert person_name(part) == name


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("José Núñez", "Jose Nunez", True),
        ("JANE DOE", "Jane Doe", True),
        ("Jane Doe", "Jane Roe", False),
    ],
)
def test_same_person_folds_case_and_accents(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same


@pytest.mark.parametrize(
    ("byline", "persons", "organisations"),
    [
        # A newsroom's name, then the person's, with a time stamp and share buttons.
        ("Tech Insider Alex Perry 1 day ago SHARE SHARE TWEET", ["Alex Perry"], ["Tech Insider"]),
        ("The Daily Star John Roe", ["John Roe"], ["The Daily Star"]),
        # A paper's name at the end is the paper's, not a person and a masthead word.
        ("By Jane Doe, Tampa Bay Times", ["Jane Doe"], ["Tampa Bay Times"]),
        ("MARCUS WEBB Gazette Staff Writers", ["Marcus Webb"], []),
        # An institution's name opens with its kind: no person at its end.
        ("Dewi Kartika, Universitas Nusa Raya", ["Dewi Kartika"], ["Universitas Nusa Raya"]),
        ("Center for Public Integrity", [], ["Center for Public Integrity"]),
    ],
)
def test_a_newsroom_and_a_person_in_one_part(
    byline: str, persons: list[str], organisations: list[str]
) -> None:
    assert clean_byline(byline) == (persons, organisations)
