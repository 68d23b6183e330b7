"""The dependency rules between apps: assessments depends on posts, never the reverse; papers
serves every app and depends on none of them but members (the scope).

posts asks assessments what it needs through posts.extensions, which assessments fills in;
each app registers its papers with papers.registry in its own papers.py.
Test modules (posts/tests/) may build rows of both apps, as the running site has both; the
rule is about the code the site runs.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", "")) in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            yield str(node.args[0].value)


def imports_of(app, forbidden, root=ROOT):
    found = []
    for path in sorted((root / app).rglob("*.py")):
        if "tests" in path.relative_to(root / app).parts:
            continue
        for name in imported_modules(path):
            if name == forbidden or name.startswith(forbidden + "."):
                found.append(f"{path.relative_to(root)}: {name}")
    return found


def test_posts_never_imports_assessments():
    assert imports_of("posts", "assessments") == []


def test_papers_knows_no_app_that_prints():
    assert [found for app in ("posts", "assessments") for found in imports_of("papers", app)] == []


def test_the_check_finds_an_import(tmp_path):
    # The walk above must see every form of import, or the rule would pass on nothing.
    app = tmp_path / "posts"
    app.mkdir()
    (app / "a.py").write_text("import assessments.models\n")
    (app / "b.py").write_text("def f():\n    from assessments.selectors import deferred_by_review\n")
    (app / "c.py").write_text("import importlib\nimportlib.import_module('assessments.models')\n")
    (app / "d.py").write_text("from .assessments_like import x\nimport assessmentsx\n")
    assert imports_of("posts", "assessments", root=tmp_path) == [
        "posts/a.py: assessments.models",
        "posts/b.py: assessments.selectors",
        "posts/c.py: assessments.models",
    ]


def test_posts_splits_every_kind_by_stage():
    # One convention (issue 9): each kind of module is a package with one module per stage,
    # never a flat module beside a "<kind>_lifecycle.py" twin.
    posts = ROOT / "posts"
    for kind in ("views", "services", "forms", "selectors", "admin"):
        assert (posts / kind / "__init__.py").is_file(), kind
        assert not (posts / f"{kind}.py").exists(), kind
    assert [p.name for p in posts.glob("*_lifecycle.py")] == []
