"""The publisher registry: the bundled files, lookups, beacon patterns and malformed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution.errors import RegistryError
from attribution.extract.bylines import strip_names
from attribution.models import CREDIT_ELEMENTS
from attribution.registry import Registry, load_registry

REGISTRY = load_registry()

# The credit elements each programme's republishing terms require (issue 2).
CONVERSATION = {"author", "publisher", "link", "license", "pixel"}
RTT_TERMS = {"author", "publisher", "link", "pixel"}
GLOBAL_VOICES = {"author", "publisher", "link", "license"}
WIRE = {"author", "publisher"}


def test_bundled_registry_loads_every_publisher_named_in_the_issue() -> None:
    ids = set(REGISTRY.publishers)
    assert {
        "theconversation", "propublica", "kffhealthnews", "statesnewsroom", "calmatters",
        "globalvoices", "groundup", "grist", "the19th", "insideclimatenews", "rtt", "ap",
        "reuters", "afp", "aap",
    } <= ids  # fmt: skip
    assert len(REGISTRY) == len(ids)


@pytest.mark.parametrize(
    ("publisher_id", "requires", "licence"),
    [
        ("theconversation", CONVERSATION, "CC BY-ND 4.0"),
        ("propublica", RTT_TERMS, "CC BY-NC-ND"),
        ("calmatters", RTT_TERMS, None),
        ("kffhealthnews", RTT_TERMS, None),
        ("grist", RTT_TERMS, None),
        ("the19th", RTT_TERMS, None),
        ("insideclimatenews", RTT_TERMS, None),
        ("rtt", RTT_TERMS, None),
        ("globalvoices", GLOBAL_VOICES, "CC BY"),
        ("ap", WIRE, None),
        ("reuters", WIRE, None),
        ("afp", WIRE, None),
        ("aap", WIRE, None),
    ],
)
def test_publisher_requires_what_its_terms_ask(
    publisher_id: str, requires: set[str], licence: str | None
) -> None:
    pub = REGISTRY.get(publisher_id)
    assert pub is not None
    assert set(pub.requires) == requires
    assert len(pub.requires) == len(set(pub.requires))
    if licence is not None:
        assert pub.license is not None
        assert pub.license.startswith(licence)


def test_every_publisher_entry_is_complete() -> None:
    for pub in REGISTRY:
        assert pub.name, pub.id
        assert set(pub.requires) <= set(CREDIT_ELEMENTS), pub.id
        assert pub.terms_url is None or pub.terms_url.startswith("https://"), pub.id
        if pub.generic:
            assert pub.domains == (), pub.id
        else:
            assert pub.domains, pub.id
            assert all(d == d.lower() and "/" not in d for d in pub.domains), pub.id
        if pub.kind == "wire":
            assert set(pub.requires) == WIRE, pub.id
            assert pub.wire_codes, pub.id


def test_main_domain_is_the_one_the_output_names() -> None:
    main = {pid: REGISTRY.get(pid).domain for pid in ("theconversation", "ap", "reuters", "afp")}
    assert main == {
        "theconversation": "theconversation.com",
        "ap": "apnews.com",
        "reuters": "reuters.com",
        "afp": "afp.com",
    }


# --- lookups ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("domain", "publisher_id"),
    [
        ("theconversation.com", "theconversation"),
        ("www.theconversation.com", "theconversation"),
        ("images.theconversation.com", "theconversation"),
        ("counter.theconversation.com", "theconversation"),
        ("www.propublica.org", "propublica"),
        ("apnews.com", "ap"),
        ("www.reuters.com", "reuters"),
        ("es.globalvoices.org", "globalvoices"),
        ("calmatters.org", "calmatters"),
        ("floridaphoenix.com", "statesnewsroom"),
        ("kffhealthnews.org", "kffhealthnews"),
        ("aap.com.au", "aap"),
        ("example.com", None),
        ("nottheconversation.com", None),
        ("theconversation.com.evil.example", None),
        ("", None),
    ],
)
def test_lookup_by_domain_and_subdomain(domain: str, publisher_id: str | None) -> None:
    pub = REGISTRY.by_domain(domain)
    assert (pub.id if pub else None) == publisher_id


@pytest.mark.parametrize(
    ("name", "publisher_id"),
    [
        ("The Conversation", "theconversation"),
        ("the conversation", "theconversation"),
        ("THE CONVERSATION", "theconversation"),
        ("Conversation", "theconversation"),
        ("La Conversación", "theconversation"),
        ("The Associated Press", "ap"),
        ("associated press", "ap"),
        ("AP", "ap"),
        ("Reuters", "reuters"),
        ("ProPublica", "propublica"),
        ("Global Voices", "globalvoices"),
        ("CalMatters", "calmatters"),
        ("Kaiser Health News", "kffhealthnews"),
        ("Agence France-Presse", "afp"),
        ("The 19th", "the19th"),
        ("States Newsroom", "statesnewsroom"),
        ("Florida Phoenix", "statesnewsroom"),
        ("The Daily Planet", None),
        ("", None),
    ],
)
def test_lookup_by_name_folds_case_accents_and_the(name: str, publisher_id: str | None) -> None:
    pub = REGISTRY.by_name(name)
    assert (pub.id if pub else None) == publisher_id


def test_generic_entry_is_never_found_by_name() -> None:
    rtt = REGISTRY.get("rtt")
    assert rtt is not None
    assert rtt.generic
    assert REGISTRY.by_name(rtt.name) is None


@pytest.mark.parametrize(
    ("code", "publisher_id"),
    [
        ("AP", "ap"),
        ("reuters", "reuters"),
        ("AFP", "afp"),
        ("AAP", "aap"),
        ("CNN", "cnn"),
        ("Xinhua", "xinhua"),
        ("EFE", "efe"),
        ("PTI", "pti"),
        ("EUROPA PRESS", "europapress"),
    ],
)
def test_lookup_by_wire_code(code: str, publisher_id: str) -> None:
    pub = REGISTRY.by_wire_code(code)
    assert pub is not None
    assert pub.id == publisher_id


def test_conversation_article_id_from_url() -> None:
    pub = REGISTRY.get("theconversation")
    assert pub is not None
    url = "https://theconversation.com/how-china-is-betting-cheap-ai-will-get-the-world-hooked-on-its-tech-276878"
    assert REGISTRY.article_id(pub, url) == "276878"
    assert REGISTRY.article_id(pub, url + "?utm_source=x") == "276878"
    assert REGISTRY.article_id(pub, "https://theconversation.com/au") is None


# --- beacon patterns ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("beacon", "publisher_id", "article_id"),
    [
        (
            "https://counter.theconversation.com/content/276878/count.gif"
            "?distributor=republish-lightbox-basic",
            "theconversation",
            "276878",
        ),
        (
            "https://i0.wp.com/counter.theconversation.com/content/278805/count.gif?resize=1%2C1",
            "theconversation",
            "278805",
        ),
        (
            "https://theconversation.com/javascripts/lib/content_tracker_hook.js",
            "theconversation",
            None,
        ),
        ("http://pixel.propublica.org/pixel.js", "propublica", None),
        (
            "https://calmatters.org/?republication-pixel=true&post=312477&ga4=G-CALM2026XQ",
            "rtt",
            "312477",
        ),
        (
            "https://kffhealthnews.org/?republication-pixel=true&amp;post=1923544&amp;ga4=G-X",
            "rtt",
            "1923544",
        ),
        (
            "https://republish.groundup.org.za/counter/hit/2026-03-04/residents-wait-for-water",
            "groundup",
            "2026-03-04/residents-wait-for-water",
        ),
    ],
    ids=["conversation", "conversation-proxied", "conversation-js", "propublica", "rtt",
         "rtt-escaped", "groundup"],
)  # fmt: skip
def test_pixel_patterns_match_the_documented_beacons(
    beacon: str, publisher_id: str, article_id: str | None
) -> None:
    hits = [rule for rule in REGISTRY.pixel_rules if rule.pattern.search(beacon)]
    assert {rule.publisher.id for rule in hits} == {publisher_id}
    ids = {m.groupdict().get("id") for rule in hits if (m := rule.pattern.search(beacon))}
    assert article_id in ids


@pytest.mark.parametrize(
    "url",
    [
        "https://theconversation.com/some-article-276878",
        "https://images.theconversation.com/files/123/original/file.jpg",
        "https://www.propublica.org/article/nursing-homes",
        "https://calmatters.org/2026/03/dry-wells/?post=312477",
        "https://www.example.org/pixel.gif",
    ],
)
def test_pixel_patterns_do_not_match_ordinary_links(url: str) -> None:
    assert not [rule for rule in REGISTRY.pixel_rules if rule.pattern.search(url)]


def test_rtt_sites_are_known_by_the_domain_their_pixel_carries() -> None:
    for domain, publisher_id in [
        ("calmatters.org", "calmatters"),
        ("kffhealthnews.org", "kffhealthnews"),
        ("grist.org", "grist"),
        ("19thnews.org", "the19th"),
        ("insideclimatenews.org", "insideclimatenews"),
    ]:
        pub = REGISTRY.by_domain(domain)
        assert pub is not None
        assert pub.id == publisher_id


# --- user folders and malformed files -----------------------------------------------------------

GOOD = """\
id = "valleyledger"
name = "Valley Ledger"
aliases = ["The Valley Ledger", "VL"]
domains = ["valleyledger.example"]
license = "CC BY-ND 4.0"
requires = ["author", "publisher", "link", "pixel"]
terms_url = "https://valleyledger.example/republish"
article_id_pattern = '/stories/(\\d+)'
pixel_patterns = ['beacon\\.valleyledger\\.example/hit/(?P<id>\\d+)']
"""


def _folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "registry"
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    return folder


def test_user_folder_adds_a_publisher(tmp_path: Path) -> None:
    reg = load_registry(_folder(tmp_path, valleyledger=GOOD))
    pub = reg.by_name("the valley ledger")
    assert pub is not None
    assert pub.id == "valleyledger"
    assert reg.by_domain("www.valleyledger.example") is pub
    assert reg.article_id(pub, "https://valleyledger.example/stories/981") == "981"
    assert reg.get("theconversation") is not None
    assert len(reg) == len(REGISTRY) + 1


def test_user_folder_replaces_a_bundled_publisher_with_the_same_id(tmp_path: Path) -> None:
    replacement = GOOD.replace('id = "valleyledger"', 'id = "propublica"')
    reg = load_registry(_folder(tmp_path, mine=replacement))
    pub = reg.get("propublica")
    assert pub is not None
    assert pub.name == "Valley Ledger"
    assert len(reg) == len(REGISTRY)
    assert reg.by_domain("valleyledger.example") is pub
    assert REGISTRY.get("propublica").name == "ProPublica"  # the bundled one is untouched


def test_registry_from_publishers_keeps_the_last_of_an_id() -> None:
    first = REGISTRY.get("ap")
    second = REGISTRY.get("reuters")
    assert first is not None
    assert second is not None
    reg = Registry.from_publishers([first, second])
    assert [p.id for p in reg] == ["ap", "reuters"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD + 'colour = "blue"\n', "unknown key"),
        (GOOD.replace("(?P<id>\\d+)']", "(?P<id>\\d+']"), "regular expression"),
        (GOOD + "credit_patterns = ['first appeared on (']\n", "regular expression"),
        (GOOD + "copyright_patterns = ['[Valley Ledger']\n", "regular expression"),
        (GOOD.replace('"pixel"]', '"pixel", "logo"]'), "credit element"),
        (GOOD.replace("'/stories/(\\d+)'", "'/stories/\\d+'"), "capturing group"),
        (GOOD.replace('name = "Valley Ledger"\n', ""), "name"),
        (GOOD.replace('domains = ["valleyledger.example"]', 'domains = "valleyledger.example"'),
         "list of strings"),
        (GOOD + 'kind = "blog"\n', "kind"),
        (GOOD + "name = \n", "TOML"),
        (GOOD + 'link_to = "homepage"\n', "link_to"),
    ],
    ids=["unknown-key", "bad-pixel-regex", "bad-credit-regex", "bad-copyright-regex",
         "unknown-credit-element", "id-pattern-without-group",
         "no-name", "domains-not-a-list", "unknown-kind", "not-toml", "unknown-link-to"],
)  # fmt: skip
def test_malformed_file_raises_registry_error_naming_it(
    tmp_path: Path, text: str, message: str
) -> None:
    folder = _folder(tmp_path, good=GOOD, broken=text)
    with pytest.raises(RegistryError, match=message) as info:
        load_registry(folder)
    broken = str(folder / "broken.toml")
    assert info.value.path == broken
    assert str(info.value).startswith(broken)


@pytest.mark.parametrize("make", ["missing", "empty"])
def test_unusable_user_folder_raises_registry_error(tmp_path: Path, make: str) -> None:
    folder = tmp_path / "registry"
    if make == "empty":
        folder.mkdir()
    with pytest.raises(RegistryError) as info:
        load_registry(folder)
    assert info.value.path == str(folder)


def test_derived_views_are_built_once_per_registry(tmp_path: Path) -> None:
    built: list[Registry] = []

    def count(reg: Registry) -> int:
        built.append(reg)
        return len(reg)

    user = load_registry(_folder(tmp_path, valleyledger=GOOD))
    assert REGISTRY.derived("test.count", count) == len(REGISTRY)
    assert REGISTRY.derived("test.count", count) == len(REGISTRY)
    assert user.derived("test.count", count) == len(REGISTRY) + 1
    assert built == [REGISTRY, user]
    # The extractors' views follow the registry they are given: a user's names are stripped
    # from bylines with it, not with the bundled registry's list.
    assert "valley ledger" in strip_names(user)
    assert "valley ledger" not in strip_names(REGISTRY)
