"""How long printing takes: one letter, a 50-member branch packet, 1,000 letters in one
PDF, and the cost of the CJK face. A Latin-only face cannot set Chinese (the glyphs would
come from a fallback CJK font), so the yardstick is the same 1,000 letters written in
English: set in the Latin face, and set in the CJK face to show the face's own cost.

    .venv/bin/python benchmarks/print_documents.py

Letters are merged (papers/merge.py): each different letter text is laid out once
and every copy gets its name and mark drawn in. The 1,000 letters share six posts, as
letters in a branch do; the same letters each made different (every duty text its own)
show the worst case, where nothing is shared.

Runs against a throwaway SQLite database in a temporary folder (migrated and filled
here). Each figure covers what a user waits for: gathering the rows, rendering the
HTML and writing the PDF. 1,000 letters are 2,000 pages: every letter is printed twice.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {  # seconds, or a ratio
    "packet": 2.0,
    "letters": 6.0,
    "ratio": 1.5,
}


def setup(folder):
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def branches():
    from django.utils import translation

    from members.models import Organisation
    from posts.models import ResponsibilityLetter
    from posts.tests import printing_data

    county = Organisation.objects.create(code="C", name="示范县", level="county")
    town = Organisation.objects.create(code="T", name="东镇", level="township", parent=county)

    def branch(code, name, members, texts=printing_data.CHINESE):
        made = Organisation.objects.create(code=code, name=name, level="branch", kind="village", parent=town)
        printing_data.branch_with_papers(made, members=members, texts=texts)
        return made

    def every_text_different(branch, note):
        letters = list(ResponsibilityLetter.objects.filter(assignment__post__branch=branch))
        for n, letter in enumerate(letters, start=1):
            letter.duties += "\n" + note.format(n=n)
        ResponsibilityLetter.objects.bulk_update(letters, ["duties"])
        return branch

    small = branch("B50", "东村党支部", 50)
    big = branch("B1000", "西村党支部", 1000)
    distinct = every_text_different(branch("D1000", "北村党支部", 1000), "（第 {n} 号责任状补充约定：分片走访。）")
    # The Latin twins: same posts, people and letters, written in English throughout.
    with translation.override("en"):
        latin = branch("L1000", "West Village Branch", 1000, printing_data.LATIN)
        latin_distinct = every_text_different(
            branch("LD1000", "North Village Branch", 1000, printing_data.LATIN), "(Letter no. {n}: visits by district.)"
        )
    return small, big, distinct, latin, latin_distinct


def timed(work, repeat=1):
    """Best (wall, CPU) seconds of `repeat` runs. The CPU time shows how much of the wall
    time other processes on the machine took."""
    best = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        elapsed = (time.perf_counter() - wall, time.process_time() - cpu)
        best = elapsed if best is None else min(best, elapsed)
    return best


def main():
    with tempfile.TemporaryDirectory(prefix="print-bench-") as tmp:
        folder = Path(tmp)
        print("Setting up a throwaway database and 5,050 members with letters …", flush=True)
        setup(folder)
        import weasyprint

        from papers import render
        from papers.sections import sections_for
        from posts import papers as posts_papers
        from posts.models import ResponsibilityLetter
        from posts.tests.pdf import page_count as pages

        small, big, distinct, latin, latin_distinct = branches()
        out = folder / "out.pdf"

        def run(branch, kinds, face=render.CJK, language=render.PRINT_LANGUAGE):
            def work():
                sections = sections_for([branch], 2026, kinds)
                render.render_pdf(sections, title="bench", target=out, face=face, language=language)

            return work

        def one_letter():
            letter = ResponsibilityLetter.objects.filter(assignment__post__branch=small).first()
            render.render_pdf([posts_papers.single_letter_section(letter)], title="bench", target=out)

        cold = timed(one_letter)
        warm = timed(one_letter, repeat=5)
        packet, packet_pages = timed(run(small, ["packet"]), repeat=3), pages(out)
        letters, letter_pages = timed(run(big, ["letters"])), pages(out)
        unshared, unshared_pages = timed(run(distinct, ["letters"])), pages(out)
        latin_letters, latin_pages = timed(run(latin, ["letters"], face=render.LATIN, language="en")), pages(out)
        # The face alone: the English letters again, set in the CJK face (it has Latin glyphs).
        latin_in_cjk = timed(run(latin, ["letters"], face=render.CJK, language="en"))
        latin_unshared = timed(run(latin_distinct, ["letters"], face=render.LATIN, language="en"))
        ratio = letters[0] / latin_letters[0]
        unshared_ratio = unshared[0] / latin_unshared[0]
        face_ratio = latin_in_cjk[0] / latin_letters[0]

        def line(label, value, target=None, unit="s"):
            wall, cpu = value if isinstance(value, tuple) else (value, None)
            shown = f"{wall:7.2f}{unit}" + (f"  (CPU {cpu:5.2f}s)" if cpu is not None else " " * 14)
            verdict = "" if target is None else f"  target < {target:g}{unit}  {'PASS' if wall < target else 'MISS'}"
            print(f"  {label:<54}{shown}{verdict}")

        print(
            f"\nWeasyPrint {weasyprint.__version__} on {os.cpu_count()} cores, face {render.CJK.path.name}; "
            "each run gathers the rows, renders the HTML and writes the PDF."
        )
        line("one letter (2 pages), first render of the process", cold)
        line("one letter (2 pages), warm", warm)
        line(f"branch packet, 50 members ({packet_pages} pages)", packet, TARGETS["packet"])
        line(f"1,000 letters in one PDF ({letter_pages} pages)", letters, TARGETS["letters"])
        line(f"the same, every letter's text different ({unshared_pages} pages)", unshared)
        line(f"the same in English, Latin-only face ({latin_pages} pages)", latin_letters)
        line("the same in English, CJK face", latin_in_cjk)
        line("Chinese in CJK face / English in Latin face", ratio, TARGETS["ratio"], unit="x")
        line("English: CJK face / Latin-only face", face_ratio, TARGETS["ratio"], unit="x")
        line("every text different, English, Latin-only face", latin_unshared)
        line("every text different: Chinese CJK / English Latin", unshared_ratio, TARGETS["ratio"], unit="x")


if __name__ == "__main__":
    main()
