"""Story bodies: the Markdown editors write, turned into HTML that is safe on a public page.

The one place that knows the rules; `milestones.models.body_renderings()` stores what it makes
when a story is saved, so no page converts Markdown (after a change here, run
`manage.py rerender_bodies`)."""

import markdown as markdown_lib
import nh3

# What a story body may contain after Markdown: text structure and links, nothing that runs
# or restyles the page. Everything else is removed, whatever an editor pastes in.
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "abbr",
    "sup",
    "sub",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text):
    """Markdown to HTML that is safe to show on a public page."""
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
