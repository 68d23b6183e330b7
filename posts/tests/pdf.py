"""Reading a printed PDF back with poppler-utils, as a person checking the paper would:
its text per page, where each word sits, its page count and its fonts."""

import re
import subprocess


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def text(path, page=None):
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return run("pdftotext", *pages, str(path), "-")


def flat(s):
    """Text without the spaces and line breaks a PDF puts inside long numbers."""
    return re.sub(r"\s+", "", s)


def page_texts(path):
    return [page for page in text(path).split("\f") if page.strip()]


def page_count(path):
    return int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(path)), re.MULTILINE).group(1))


def fonts(path):
    """(name, embedded, subset) for every font in the PDF."""
    rows = run("pdffonts", str(path)).splitlines()[2:]
    return [(cols[0], cols[-5], cols[-4]) for cols in (row.split() for row in rows)]


def words(path, page):
    """(text, xMin, yMin, xMax, yMax) in points of every word pdftotext finds on a page."""
    found = re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<',
        run("pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(path), "-"),
    )
    return [(word, *map(float, box)) for *box, word in found]
