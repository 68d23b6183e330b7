"""The post side of the home page. The home view belongs to the members app; this tag lets
the posts app's part of that page read its own figures without the members app knowing
about posts."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def officer_work(branches):
    """Work waiting per managed branch (posts.selectors.officer_work): a fixed number of queries."""
    return selectors.officer_work(branches)
