"""Hosts, registrable domains and URL helpers, offline (the bundled public suffix list)."""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import parse_qs, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from publicsuffixlist import PublicSuffixList

_PSL = PublicSuffixList()

#: Hosting platforms on which each subdomain is a site of its own (a blog, a newsletter) but
#: that the public suffix list does not list, as it lists blogspot.com and github.io: without
#: them every WordPress.com blog would be one outlet, "wordpress.com".
SITE_PER_SUBDOMAIN = frozenset(
    {
        "wordpress.com",
        "wpcomstaging.com",
        "wpengine.com",
        "substack.com",
        "medium.com",
        "tumblr.com",
        "ghost.io",
        "beehiiv.com",
        "squarespace.com",
        "weebly.com",
        "typepad.com",
        "livejournal.com",
        "over-blog.com",
        "home.blog",
    }
)
#: Platforms whose publications may also live on a custom domain (see :func:`on_platform`).
PLATFORMS = SITE_PER_SUBDOMAIN | {"blogspot.com", "github.io", "wixsite.com", "buttondown.email"}


def host_of(url: str | None) -> str | None:
    """The lower-case host of an absolute URL, without ``www.`` kept or stripped (as given)."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return _unicode_host(host.lower().rstrip(".")) if host else None


def _unicode_host(host: str) -> str:
    # Internationalised names are written either way ("bücher.example" in a link, its
    # punycode "xn--bcher-kva.example" in another): one spelling, or a site's own canonical
    # reads as another site's. Unicode, as readers write it; a label that is not valid
    # punycode stays as it is.
    if "xn--" not in host:
        return host
    try:
        return host.encode("ascii").decode("idna").lower()
    except UnicodeError:
        return host


@lru_cache(maxsize=65536)
def registrable_domain(host: str | None) -> str | None:
    """The registrable domain (eTLD+1) of a host: ``www.bbc.co.uk`` -> ``bbc.co.uk``.

    IP addresses and single-label hosts are returned as they are.
    """
    if not host:
        return None
    host = _unicode_host(host.lower().strip().rstrip("."))
    if host.startswith("[") and host.endswith("]"):
        return host
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return host
    if "." not in host:
        return host
    domain = _PSL.privatesuffix(host) or host
    if domain in SITE_PER_SUBDOMAIN and host != domain:
        label = host[: -len(domain) - 1].rsplit(".", 1)[-1]
        if label != "www":
            return f"{label}.{domain}"
    return domain


# Government, military, intergovernmental and academic bodies: the registrable domain's last
# labels ("census.gov", "ons.gov.uk", "insee.fr" is not one: only the suffixes say so).
_PUBLIC_BODY = re.compile(
    r"(?:^|\.)(?:gov|mil|int|edu|europa\.eu|(?:gov|gob|gouv|govt|go|gc|ac|edu|mil)\.[a-z]{2})$"
)


def is_public_body(domain: str | None) -> bool:
    """Whether ``domain`` belongs to a government, military, intergovernmental or academic
    body, by its suffix (``census.gov``, ``ons.gov.uk``, ``gouv.fr``, ``ac.uk``, ``europa.eu``):
    a source of data and statements, not a newsroom whose articles are republished."""
    return domain is not None and _PUBLIC_BODY.search(domain) is not None


#: Social networks and video platforms: they host posts and videos, not the articles that
#: news sites license for republication.
SOCIAL_NETWORKS = frozenset(
    {
        "facebook.com",
        "instagram.com",
        "linkedin.com",
        "pinterest.com",
        "reddit.com",
        "snapchat.com",
        "threads.net",
        "tiktok.com",
        "twitter.com",
        "vimeo.com",
        "x.com",
        "youtube.com",
        "youtu.be",
        "bsky.app",
        "mastodon.social",
        "t.me",
        "telegram.org",
        "vk.com",
        "weibo.com",
    }
)


def is_social_network(domain: str | None) -> bool:
    """Whether ``domain`` is a social network or a video platform (:data:`SOCIAL_NETWORKS`)."""
    return domain in SOCIAL_NETWORKS


def on_platform(domain: str | None) -> bool:
    """True for a hosting platform (:data:`PLATFORMS`) or a site on one (``jane.substack.com``)."""
    if not domain:
        return False
    return domain in PLATFORMS or any(domain.endswith("." + p) for p in PLATFORMS)


def domain_of(url: str | None) -> str | None:
    """The registrable domain of a URL, or None when it has no host."""
    return registrable_domain(host_of(url))


# The Wayback Machine's snapshot of a URL: "https://web.archive.org/web/20260102030405/URL",
# with a modifier after the timestamp ("id_", "im_") or none. A page saved from the archive
# links "/web/…/URL" relative to the archive, read against the original site once its own
# address is the original's: any host, the path alone tells.
_ARCHIVED = re.compile(
    r"^https?://[^/?#]+/web/\d{4,14}(?:[a-z]{2}_)?/(?P<url>https?:/{1,2}.+)$", re.I
)
# The AMP caches: "https://www-site-example.cdn.ampproject.org/c/s/www.site.example/path"
# ("s/" for https), and Google's AMP viewer "https://www.google.com/amp/s/www.site.example/…".
_AMP = re.compile(
    r"^https?://(?:[^/?#]+\.cdn\.ampproject\.org/[cvi]|(?:www\.)?google\.[a-z.]+/amp)/"
    r"(?P<s>s/)?(?P<rest>[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?:[/?#].*)?)$",
    re.I,
)


# Redirectors that carry the target in a query parameter: links copied out of Facebook,
# Instagram, Google results, YouTube descriptions, Reddit, Tumblr or an Outlook mail.
_REDIRECTOR = re.compile(
    r"^https?://(?:(?:l|lm|m|www)\.facebook\.com/l\.php|l\.instagram\.com/|"
    r"(?:www\.)?google\.[a-z.]+/url|(?:www\.)?youtube\.com/redirect|out\.reddit\.com/[^?]*|"
    r"t\.umblr\.com/redirect|[a-z0-9]+\.safelinks\.protection\.outlook\.com/)\?",
    re.I,
)
_REDIRECT_KEYS = ("u", "url", "q", "z")
# Proofpoint's URL Defense (v3) keeps the target between "__" marks: /v3/__URL__;…
_URLDEFENSE = re.compile(r"^https?://urldefense\.com/v3/__(?P<url>https?://.+?)__;", re.I)


def unwrap_url(url: str) -> str:
    """The original URL inside a Wayback Machine snapshot's, an AMP cache's or a redirector's
    (Facebook's l.php, Google's /url, Outlook's safe links, URL Defense…) URL; any other URL
    unchanged. A page copied from a snapshot credits the original, not the archive."""
    if "?" in url and _REDIRECTOR.match(url):
        query = parse_qs(urlsplit(url).query)
        for key in _REDIRECT_KEYS:
            for target in query.get(key, ()):
                if target.lower().startswith(("http://", "https://")):
                    return unwrap_url(target.strip())
        return url
    if "urldefense" in url:
        m = _URLDEFENSE.match(url)
        if m:
            return m.group("url")
    if "/web/" in url:
        m = _ARCHIVED.match(url)
        if m:
            inner = m.group("url")
            # The archive's rewriting sometimes leaves one slash: "https:/www.example.com".
            return re.sub(r"^(https?:)/(?!/)", r"\1//", inner, count=1)
    if "/amp/" in url or "ampproject.org/" in url:
        m = _AMP.match(url)
        if m:
            return ("https://" if m.group("s") else "http://") + m.group("rest")
    return url


#: Link shorteners: the link's own domain names no publisher (one that runs its own, such as
#: apne.ws or nyti.ms, lists it among its domains in the registry).
SHORTENERS = frozenset(
    {
        "bit.ly",
        "buff.ly",
        "dlvr.it",
        "fb.me",
        "goo.gl",
        "ift.tt",
        "is.gd",
        "lnkd.in",
        "ow.ly",
        "rebrand.ly",
        "shorturl.at",
        "t.co",
        "t.ly",
        "tinyurl.com",
        "trib.al",
        "wp.me",
    }
)

#: Query parameters that identify a campaign or a click, never a page: dropped from the
#: crawler's dedup keys and from credit links.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ocid",
        "cmpid",
        "icid",
        "ncid",
        "sr_share",
        "at_medium",
        "at_campaign",
        "at_custom1",
        "at_custom2",
        "at_custom3",
        "at_custom4",
        "vero_id",
        "oly_enc_id",
        "oly_anon_id",
        "s_cid",
        "spm",
        "ref_src",
        "ref_url",
        "smid",
    }
)
#: Prefixes of tracking parameter families (utm_source, utm_medium, pk_campaign...).
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "matomo_", "piwik_")


_TRACKED = re.compile(
    r"[?&](?:" + "|".join(TRACKING_PREFIXES) + "|(?:" + "|".join(sorted(TRACKING_PARAMS)) + ")=)",
    re.I,
)


def without_tracking(url: str) -> str:
    """``url`` without tracking parameters (campaign tags such as ``utm_*``, click ids such as
    ``fbclid``: :data:`TRACKING_PARAMS`, :data:`TRACKING_PREFIXES`) and without a fragment
    that only points into the page (a ``#!``/``#/`` route is kept), its scheme and host in
    lower case: the address of the page itself."""
    query_at = url.find("?")
    if "#" not in url and (query_at < 0 or not _TRACKED.search(url, query_at)):
        # Most credit links: nothing to drop; only the case of the scheme and host to check.
        end = url.find("/", url.find("//") + 2)
        head = url[:end] if end > 0 else url
        if head == head.lower():
            return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    query = parts.query
    if query and _TRACKED.search("?" + query):
        kept = [
            (k, v)
            for k, v in parse_qsl(query, keep_blank_values=True)
            if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)
        ]
        query = urlencode(kept)
    fragment = parts.fragment if parts.fragment.startswith(("!", "/")) else ""
    netloc = parts.netloc
    if not netloc.islower() and "@" not in netloc:
        netloc = netloc.lower()
    cleaned = (parts.scheme.lower(), netloc, parts.path, query, fragment)
    if cleaned == tuple(parts):
        return url
    return urlunsplit(cleaned)


def absolute_url(href: str | None, base: str | None) -> str | None:
    """Resolve ``href`` against ``base``; None for empty, non-http(s) or unresolvable links."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    if href.startswith("//"):
        href = "https:" + href
    # Fast paths for the two shapes most links take; the general case goes through urljoin.
    if _PLAIN_ABSOLUTE.match(href):
        return href
    if base and href.startswith("/") and not href.startswith("//") and " " not in href:
        origin = _origin(base)
        if origin and ".." not in href and "/./" not in href:
            return origin + href
    try:
        url = urljoin(base, href) if base else href
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url


_PLAIN_ABSOLUTE = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][^\s]*)?$")


@lru_cache(maxsize=1024)
def _origin(base: str) -> str | None:
    try:
        parts = urlsplit(base)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def page_key(url: str | None) -> str | None:
    """One key for the addresses of one page, whatever their scheme, "www.", trailing slash,
    query or fragment; None for no URL."""
    if not url:
        return None
    rest = url.split("://", 1)[-1].split("#", 1)[0].split("?", 1)[0]
    host, _, path = rest.partition("/")
    return f"{host.lower().removeprefix('www.')}/{path.rstrip('/')}"


def is_homepage(url: str) -> bool:
    """True for a site's front page (no path beyond ``/``, an index file or a language code)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    path = parts.path.strip("/")
    return path in ("", "index.html", "index.htm", "index.php") or (
        len(path) <= 5 and "/" not in path and path.isalpha()
    )


def same_site(a: str | None, b: str | None) -> bool:
    """True when two registrable domains belong to the same site.

    Country variants of one brand (``wired.com`` / ``wired.co.uk``, ``shop.de`` / ``shop.com``)
    count as the same site: a publisher's editions are not republishers of each other.
    """
    if not a or not b:
        return False
    if a == b:
        return True
    return _brand(a) == _brand(b)


@lru_cache(maxsize=65536)
def _brand(domain: str) -> str:
    if on_platform(domain):
        return domain  # jane.substack.com is not john.substack.com, nor jane.com
    suffix = _PSL.publicsuffix(domain) or ""
    label = domain[: -len(suffix) - 1] if suffix and domain.endswith("." + suffix) else domain
    return label.rsplit(".", 1)[-1]


_NOT_ARTICLE = re.compile(
    r"/(?:author|authors|profiles?|people|person|contributors?|staff|users?|by|institutions?|"
    r"about(?:[-_]?us)?|who-we-are|our-team|masthead|contact(?:[-_]?us)?|tags?|topics?|"
    r"category|categories|section|sections|search|newsletters?(?:[-_]sign[-_]?up)?|"
    r"subscribe|subscriptions?|donate|donations?|support(?:[-_]us)?|membership|"
    r"republish[\w-]*|syndication|licen[cs]e[\w-]*|terms(?:[-_]of[-_](?:use|service))?|"
    r"privacy(?:[-_]policy)?|careers|jobs|advertise)(?:/|$)",
    re.IGNORECASE,
)


def is_article_url(url: str) -> bool:
    """True for a URL that looks like an article, not a homepage, profile, tag or policy page."""
    if is_homepage(url):
        return False
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    return not _NOT_ARTICLE.search(path)
