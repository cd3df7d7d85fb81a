"""Selectors and patterns of main-text extraction, kept as data, from specific to generic.

Like the extraction package's patterns, these only ever decide what is *not* article text:
everything they do not name is kept, so a missed pattern costs a spurious "added paragraph",
never a lost one.
"""

from __future__ import annotations

import re

#: Elements that say they are a paragraph without being a ``p``: Reuters' article body is
#: ``<div data-testid="paragraph-0">…</div>``, one per paragraph.
PARAGRAPH_MARKER = '[data-testid^="paragraph-"]'
#: Elements whose text is a paragraph of the article. ``li``, ``blockquote`` and paragraph
#: markers count only when they hold no ``p`` of their own (their ``p`` children are read
#: instead).
BLOCK_SELECTOR = f"p, h2, h3, h4, h5, h6, blockquote, li, pre, h1, {PARAGRAPH_MARKER}"
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

#: Div-per-paragraph layouts (no ``p`` in the article body): a ``div`` with none of these
#: inside holds inline text only, and may be a paragraph.
DIV_BLOCK_TAGS = (
    "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "table",
    "blockquote", "pre", "section", "article", "main", "header", "footer", "nav", "aside",
    "figure", "form", "hr",
)  # fmt: skip
#: The text divs, found by the parser's selector engine rather than by walking each div.
TEXT_DIV_SELECTOR = f"div:not(:has({', '.join(DIV_BLOCK_TAGS)}))"
#: Such divs are read as paragraphs when at least this many siblings of them each have
#: ``MIN_VOTING_CHARS``, hold more text than the ``p`` (and other blocks) of their parent, and
#: all such runs together more than the page's other paragraph text.
DIV_RUN_MIN = 2
#: A text div whose text is mostly link text is a teaser or a menu item, not a paragraph.
DIV_MAX_LINK_SHARE = 0.5

#: Tags that are page furniture wherever they are.
CHROME_TAGS = frozenset(
    {"nav", "aside", "footer", "form", "menu", "figcaption", "figure", "button", "select", "label"}
)

# Class and id hints, in tiers. Tier 1: names that are never the article (navigation, teasers,
# ads, comments, sharing). Tier 2: the furniture around an article (bylines, captions, bios,
# tags), whose text a copy may or may not reproduce. Tier 3: the republish boxes and credit
# boxes whose text is a credit, not the article.
CHROME_HINT = re.compile(
    r"(?:^|[\s_-])(?:"
    # tier 1
    r"nav|navbar|navigation|menu|sidebar|side-bar|aside|related|recommend\w*|teasers?|"
    r"promo\w*|sponsor\w*|most-?read|popular|trending|more-stories|read-?next|up-?next|"
    r"newsletter|signup|sign-up|subscribe|subscription|paywall|comments?|disqus|"
    r"advert\w*|ads?|ad-unit|ad-slot|adsbygoogle|outbrain|taboola|breadcrumbs?|pagination|"
    r"cookie\w*|share|sharing|social|toolbar|widget|banner|modal|popup|"
    # tier 2
    r"byline|author-bio|author-info|bio|caption|credit|tags|tag-list|topics|meta|dateline|"
    r"timestamp|article-meta|post-meta|entry-meta|"
    # tier 3
    r"republish\w*|syndicat\w*|steal-our-stories|creative-commons-sharing|license-box"
    r")(?:$|[\s_-])",
    re.IGNORECASE,
)

#: Credit boilerplate: a short paragraph that credits, links or licenses rather than tells.
#: Matched case-insensitively against paragraphs of at most ``BOILERPLATE_MAX_CHARS``, in two
#: parts: lines that *start* like boilerplate (matched at the start only: cheap), and phrases
#: found anywhere, tried only when one of ``BOILERPLATE_TRIGGERS`` is in the paragraph.
BOILERPLATE_START = re.compile(
    r"|".join(
        [
            # read-the-original and teaser lines
            r"\s*(?:read|see)\s+(?:the\s+)?(?:original|full|more|also|next)\b",
            r"\s*(?:related|more|see also|read next|recommended|advertisement|sponsored)\s*"
            r"(?::|$)",
            # bylines and copyright lines
            r"\s*(?:by|written by|por|par|von|oleh)\s+[^.!?]{2,80}$",
            r"\s*(?:©|\(c\)|copyright\b)",
            r"\s*(?:photo|image|illustration|video|graphic)s?\s*(?::|by\b|credit\b)",
            # a bare URL, or a counting pixel pasted as Markdown
            r"\s*(?:https?://|www\.)\S+\s*$",
            r"\s*!\[[^\]]*\]\(https?://",
            r"\s*(?:sign up|subscribe|donate|support)\b.{0,80}$",
            # the publisher's standards line: "Our Standards: The Thomson Reuters Trust
            # Principles."
            r"\s*(?:our|editorial)\s+(?:standards|principles|ethics)\b.{0,80}$",
        ]
    ),
    re.IGNORECASE,
)
BOILERPLATE = re.compile(
    r"|".join(
        [
            # republication notices (every language the extractor reads)
            r"\b(?:republished|reprinted|reproduced|syndicated)\b.{0,40}\b(?:from|with|by|"
            r"under)\b",
            r"\b(?:originally|first)\s+(?:published|appeared|ran|posted)\b",
            r"\bpublicado originalmente\b|\brepublié\b|\bursprünglich\b|\bditerbitkan\b",
            r"\bthis (?:story|article) (?:was|is) (?:produced|published|reported|written)\b",
            r"\bcreative commons\b",
            r"\ball rights reserved\b",
            r"\bsign up for\b.{0,60}\bnewsletter\b",
        ]
    ),
    re.IGNORECASE,
)
BOILERPLATE_MAX_CHARS = 320
BOILERPLATE_TRIGGERS = (
    "republi", "reprint", "reproduc", "syndicat", "originally", "first publ", "first appe",
    "first ran", "first post", "publicado", "ursprünglich", "diterbitkan", "this story",
    "this article", "creative commons", "rights reserved", "sign up",
)  # fmt: skip

#: An author line as copies paste it from the original's byline block: "Ana Ruiz, Lecturer in
#: Sleep Science, University of Eastbridge" (capitalised name, a comma, no sentence end).
AUTHOR_LINE = re.compile(
    r"^[A-ZÀ-Ý][\w’'.-]+(?:\s+(?:[A-ZÀ-Ý][\w’'.-]+|de|van|von|da|del|di|bin|binti)){1,4},"
    r"\s[^.!?]{3,150}$"
)

#: Paragraphs under this many characters do not vote for the article container.
MIN_VOTING_CHARS = 40
#: The container is the deepest element holding at least this share of the voting text.
CONTAINER_SHARE = 0.6

#: Quotations worth tracking: text between typographic or straight double quotes, at least
#: this many words (shorter quotes are scare quotes and names).
QUOTE = re.compile(r"[“\"]([^”\"]{12,600})[”\"]")
QUOTE_MIN_WORDS = 4
