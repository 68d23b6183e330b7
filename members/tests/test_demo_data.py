import datetime
from io import StringIO

from django.core.management import call_command

from members import idnumber
from members.models import Member, Organisation, Role


def test_generate_demo_is_deterministic_and_valid(db):
    call_command("generate_demo", members=600, seed=5, prefix="X", per_branch=100, stdout=StringIO())
    first = list(Member.objects.order_by("pk").values_list("name", "id_number", "branch__code"))
    assert len(first) == 600
    assert Organisation.objects.filter(path__startswith="/X/", level="branch").count() == 6
    assert all(idnumber.problem(id_number) is None for _, id_number, _ in first)

    Member.objects.all().delete()
    for level in ("group", "branch", "township", "county"):
        Organisation.objects.filter(level=level).delete()
    call_command("generate_demo", members=600, seed=5, prefix="X", per_branch=100, stdout=StringIO())
    again = list(Member.objects.order_by("pk").values_list("name", "id_number", "branch__code"))
    assert again == first


def test_generated_paths_match_the_tree(db):
    call_command("generate_demo", members=150, seed=1, prefix="Y", stdout=StringIO())
    for org in Organisation.objects.select_related("parent"):
        expected = (org.parent.path if org.parent else "/") + org.code + "/"
        assert org.path == expected


def test_load_demo_once_then_keeps_data(db):
    call_command("load_demo", stdout=StringIO())
    kinds = set(Organisation.objects.filter(level="branch").values_list("kind", flat=True))
    assert kinds == {k.value for k in Organisation.Kind}
    assert Organisation.objects.filter(level="township").count() == 2
    assert 140 <= Member.objects.count() <= 200
    assert {r.kind for r in Role.objects.all()} == {k.value for k in Role.Kind}
    member = Member.objects.get(user__username="member")
    member.notes = "改过的备注"
    member.save()

    call_command("load_demo", stdout=StringIO())
    assert Member.objects.get(user__username="member").notes == "改过的备注"
    assert Organisation.objects.filter(level="county").count() == 1


def test_demo_branch_has_something_at_every_stage(db):
    from posts.models import Assignment, Claim, Notice

    call_command("load_demo", stdout=StringIO())
    home = Organisation.objects.get(code="D1B1")
    statuses = set(Assignment.objects.filter(post__branch=home).values_list("status", flat=True))
    assert {"on_post", "on_notice"} <= statuses
    assert Claim.objects.filter(post__branch=home, status="pending").count() == 4
    assert set(Notice.objects.filter(branch=home).values_list("status", flat=True)) == {"open", "closed"}
    member = Member.objects.get(user__username="member")
    assert not member.claims.exists()  # left free to claim in the demo


def test_demo_has_a_login_on_post_since_early_in_the_year(db):
    from posts.models import Assignment

    call_command("load_demo", stdout=StringIO())
    onpost = Member.objects.get(user__username="onpost")
    assignment = Assignment.objects.get(member=onpost, status="on_post")
    assert assignment.starts_on <= datetime.date.today() - datetime.timedelta(days=60)
    assert onpost.group.code == "D1B1G1"
    # A year of serving to show: their log reaches back to the month they took the post up.
    assert onpost.log_entries.filter(done_on__lt=assignment.starts_on.replace(day=28)).exists()
    assert onpost.log_entries.filter(status="verified").count() >= 5
