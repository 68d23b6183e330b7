"""The admin refuses writes on stateful models (the services write them, with an entry), and
exemptions go through set_exemption. The audit log itself is read-only, for superusers."""

import pytest
from django.urls import reverse

from assessments.models import Assessment, DutyLogEntry, Pledge
from audit.models import Entry
from members import services as m
from members.models import Member, RoleEvent
from posts import models as p
from tests.test_admin_matrix import make_row

STATEFUL = [
    p.BranchPost,
    p.ClaimRound,
    p.Claim,
    p.Assignment,
    p.AssignmentEvent,
    p.Notice,
    p.Objection,
    p.ResponsibilityLetter,
    Pledge,
    DutyLogEntry,
    Assessment,
    RoleEvent,
]


@pytest.mark.parametrize("model", STATEFUL, ids=lambda model: model._meta.label)
@pytest.mark.parametrize("who", ["secretary", "superuser"])
def test_stateful_rows_are_read_only_in_the_admin(client, world, model, who):
    row = make_row(model, world.branch)
    info = (model._meta.app_label, model._meta.model_name)
    client.force_login(getattr(world, who))
    assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 403
    change = reverse("admin:{}_{}_change".format(*info), args=[row.pk])
    assert client.get(change).status_code == 200  # readable
    assert client.post(change, {}).status_code == 403
    assert client.post(reverse("admin:{}_{}_delete".format(*info), args=[row.pk]), {"post": "yes"}).status_code == 403
    changelist = client.get(reverse("admin:{}_{}_changelist".format(*info)))
    assert "delete_selected" not in (
        changelist.context["action_form"].fields["action"].choices if changelist.context.get("action_form") else []
    )
    assert model.objects.filter(pk=row.pk).exists()


def test_the_exemption_cannot_be_typed_into_the_member_form(client, world):
    client.force_login(world.secretary)
    form = client.get(reverse("admin:members_member_change", args=[world.neighbour.pk])).context["adminform"].form
    assert not {"exempt", "exemption_reason"} & set(form.fields)


def test_the_admin_exempts_through_the_service_with_a_reason(client, world):
    client.force_login(world.secretary)
    url = reverse("admin:members_member_changelist")
    ask = client.post(url, {"action": "exempt_members", "_selected_action": [world.neighbour.pk, world.far_member.pk]})
    assert ask.status_code == 200 and "免于设岗" in ask.content.decode()
    empty = client.post(
        url, {"action": "exempt_members", "_selected_action": [world.neighbour.pk], "apply": "1", "reason": " "}
    )
    assert empty.status_code == 200 and not Entry.objects.exists()
    done = client.post(
        url,
        {
            "action": "exempt_members",
            "_selected_action": [world.neighbour.pk, world.far_member.pk],
            "apply": "1",
            "reason": "长期患病卧床",
        },
    )
    assert done.status_code == 302
    world.neighbour.refresh_from_db()
    world.far_member.refresh_from_db()
    assert world.neighbour.exempt and world.neighbour.exemption_approved_by == world.secretary
    assert not world.far_member.exempt  # outside the branches the secretary runs
    [entry] = Entry.objects.all()
    assert (entry.action, entry.reason, entry.actor) == ("members.member.exempted", "长期患病卧床", world.secretary)
    client.post(url, {"action": "lift_exemption", "_selected_action": [world.neighbour.pk]})
    world.neighbour.refresh_from_db()
    assert not world.neighbour.exempt
    assert Entry.objects.latest("pk").action == "members.member.exemption_lifted"


def test_overseers_get_no_exemption_actions(client, world):
    client.force_login(world.township)
    response = client.get(reverse("admin:members_member_changelist"))
    action_form = response.context["action_form"]
    choices = dict(action_form.fields["action"].choices) if action_form else {}
    assert "exempt_members" not in choices and "lift_exemption" not in choices
    client.post(
        reverse("admin:members_member_changelist"),
        {"action": "exempt_members", "_selected_action": [world.neighbour.pk], "apply": "1", "reason": "病"},
    )
    world.neighbour.refresh_from_db()
    assert not world.neighbour.exempt


def test_a_roster_edit_in_the_admin_is_logged_without_values(client, world):
    client.force_login(world.secretary)
    url = reverse("admin:members_member_change", args=[world.neighbour.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(
        {
            "name": "李四",
            "phone": "13900000000",
            "category": "full",
            "health": "good",
            "household": "ordinary",
            "branch": world.branch.pk,
            "ethnicity": "汉族",
            "birth_date": world.neighbour.birth_date.isoformat(),
            "id_number": world.neighbour.id_number,
            "gender": world.neighbour.gender,
        }
    )
    data = {k: v for k, v in data.items() if v not in (None, False)}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    [entry] = Entry.objects.all()
    assert entry.action == "members.member.changed" and "phone" in entry.payload["fields"]
    assert "13900000000" not in str(entry.payload)


def test_the_log_is_read_only_and_for_superusers(client, world):
    m.set_exemption(member=world.neighbour, exempt=True, reason="病", by=world.secretary)
    entry = Entry.objects.get()
    client.force_login(world.secretary)
    assert client.get(reverse("admin:audit_entry_changelist")).status_code == 403
    client.force_login(world.superuser)
    assert client.get(reverse("admin:audit_entry_changelist")).status_code == 200
    change = reverse("admin:audit_entry_change", args=[entry.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"reason": "改"}).status_code == 403
    assert client.post(reverse("admin:audit_entry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:audit_entry_add")).status_code == 403
    entry.refresh_from_db()
    assert entry.reason == "病"
    assert Member.objects.get(pk=world.neighbour.pk).exempt
