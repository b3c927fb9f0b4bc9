"""The Markdown staff write in publications, turned into safe HTML.

Raw HTML is not HTML here: Markdown's HTML passthrough is switched off, so `<script>` is shown as text, and the
result goes through nh3 with a short allow-list as a second line of defence. Headings are shifted under the
section's h2 (the shallowest heading of a text becomes h3, every deeper one h4), so a document keeps one h1 and
ordered headings whatever staff type. Footnotes use Markdown's `footnotes` extension; on screen they are listed
at the end of the text, in print (`inline_notes=True`) each note sits at its call so that WeasyPrint can float it
to the foot of the page (`float: footnote`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
import nh3
from django.utils.translation import gettext as _
from markdown.extensions import Extension
from markdown.extensions.footnotes import NBSP_PLACEHOLDER as NBSP
from markdown.treeprocessors import Treeprocessor

SCHEMES = frozenset({"http", "https", "mailto"})
TAGS = frozenset({"p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "h3", "h4", "sup", "div", "hr",
                  "span", "code"})
CLASSES = {"div": {"footnotes"}, "a": {"footnote-ref", "footnote-backref"}, "sup": {"footnote-ref"},
           "span": {"footnote"}, "ol": {"footnotes-list"}}
_HEADING = re.compile(r"^h([1-6])$")


class _Headings(Treeprocessor):
    """h1–h6 → h3/h4: the shallowest level used becomes h3, every deeper one h4."""

    def run(self, root):
        found = [el for el in root.iter() if _HEADING.match(el.tag)]
        if not found:
            return
        top = min(int(el.tag[1]) for el in found)
        for el in found:
            el.tag = "h3" if int(el.tag[1]) == top else "h4"


class _Notes(Treeprocessor):
    """Footnote ids made unique within a document (several texts each have a note 1), and, for print, each note
    moved into its call as an inline element."""

    def __init__(self, md, prefix: str, inline: bool):
        super().__init__(md)
        self.prefix, self.inline = prefix, inline

    def run(self, root):
        for el in root.iter():
            for attribute in ("id", "href"):
                value = el.get(attribute)
                if value and re.match(r"^#?fn(?:ref)?[:\d-]", value):
                    sharp = "#" if value.startswith("#") else ""
                    el.set(attribute, f"{sharp}{self.prefix}{value.lstrip('#').replace(':', '-')}")
        notes_div = next((el for el in root.iter("div") if el.get("class") == "footnote"), None)
        if notes_div is None:
            return
        notes_div.set("class", "footnotes")
        for child in list(notes_div):
            if child.tag == "hr":
                notes_div.remove(child)
            elif child.tag == "ol":
                child.set("class", "footnotes-list")
        if not self.inline:
            return
        notes = {li.get("id"): li for li in notes_div.iter("li")}
        parents = {child: parent for parent in root.iter() for child in parent}
        for sup in [el for el in root.iter("sup") if el.get("id", "").startswith(f"{self.prefix}fnref")]:
            link = next(iter(sup), None)
            li = notes.get((link.get("href") or "").lstrip("#")) if link is not None else None
            if li is None:
                continue
            span = etree.Element("span", {"class": "footnote"})
            _inline_copy(li, span)
            parent = parents[sup]
            index = list(parent).index(sup)
            span.tail = sup.tail
            parent.remove(sup)
            parent.insert(index, span)
        parents[notes_div].remove(notes_div)


def _inline_copy(li, span):
    """The note's paragraphs as one run of inline content, without the link back to the call."""
    for number, block in enumerate(el for el in li if el.tag == "p"):
        for holder in list(block.iter()):
            for link in [a for a in holder if a.get("class") == "footnote-backref"]:
                previous = _before(holder, link)
                if previous is None:
                    holder.text = (holder.text or "").removesuffix(NBSP).rstrip() + (link.tail or "")
                else:
                    previous.tail = (previous.tail or "").removesuffix(NBSP).rstrip() + (link.tail or "")
                holder.remove(link)
        text = (" " if number else "") + (block.text or "")
        if len(span):
            span[-1].tail = (span[-1].tail or "") + text
        else:
            span.text = (span.text or "") + text
        for child in list(block):
            span.append(child)


def _before(parent, child):
    children = list(parent)
    index = children.index(child)
    return children[index - 1] if index else None


class _Safe(Extension):
    def __init__(self, prefix: str, inline: bool):
        super().__init__()
        self.prefix, self.inline = prefix, inline

    def extendMarkdown(self, md):
        # No raw HTML at all: blocks and inline tags become text (escaped), entities stay text.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Headings(md), "duo_headings", 1)
        # After the footnotes extension (priority 50) has built its list.
        md.treeprocessors.register(_Notes(md, self.prefix, self.inline), "duo_notes", 0)


def _attribute(tag: str, name: str, value: str):
    if name == "href":
        if value.startswith("#"):
            return value if re.fullmatch(r"#[A-Za-z0-9_-]+", value) else None
        try:
            scheme = urlsplit(value).scheme.lower()
        except ValueError:
            return None
        return value if scheme in SCHEMES else None
    if name == "id":
        return value if re.fullmatch(r"[A-Za-z0-9_-]+", value) else None
    return value


def to_html(text: str, *, prefix: str = "", inline_notes: bool = False) -> str:
    """Safe HTML for a section text. `prefix` keeps footnote ids unique in a document of several texts."""
    if not (text or "").strip():
        return ""
    md = markdown.Markdown(
        extensions=["footnotes", "sane_lists", _Safe(prefix, inline_notes)],
        extension_configs={"footnotes": {"BACKLINK_TITLE": _("Back to the text of note %d"),
                                         "SUPERSCRIPT_TEXT": "{}"}},
        output_format="html")
    rendered = md.convert(text)
    return nh3.clean(
        rendered, tags=set(TAGS), clean_content_tags={"script", "style"},
        attributes={"a": {"href", "title"}, "sup": {"id"}, "li": {"id"}, "span": set(), "div": set(), "ol": set()},
        allowed_classes={k: set(v) for k, v in CLASSES.items()}, attribute_filter=_attribute,
        url_schemes=set(SCHEMES), link_rel="noopener", strip_comments=True)
