"""No full ID number in the audit log, whatever was written: the import's refusals are masked,
and audit.log masks any number a payload or reason would carry."""

import json

import pytest

import audit
from audit.models import Entry
from members import idnumber, roster
from members import services as m
from members.models import Member
from members.tests.spreadsheets import workbook
from members.tests.test_roster_import import HEADERS, person


def stored_text():
    rows = Entry.objects.values_list("object_label", "payload", "reason")
    return "\n".join(f"{label}\t{json.dumps(payload, ensure_ascii=False)}\t{reason}" for label, payload, reason in rows)


def test_after_roster_imports_no_full_id_number_is_stored(world):
    new = [person(), person(姓名="王芳"), person(姓名="刘强")]
    report = roster.import_roster(
        sheet=roster.read_sheet(workbook("xlsx", new, HEADERS)), branch=world.branch, by=world.secretary
    )
    assert report.written
    refused = [person(), person(身份证号=world.far_member.id_number), person(身份证号=world.sibling_member.id_number)]
    for dry_run in (True, False):
        roster.import_roster(
            sheet=roster.read_sheet(workbook("xlsx", refused, HEADERS)),
            branch=world.branch,
            by=world.secretary,
            dry_run=dry_run,
        )
    m.create_accounts(members=list(Member.objects.filter(branch=world.branch)), by=world.secretary)
    assert list(Entry.objects.order_by("pk").values_list("action", flat=True)) == [
        "members.roster.imported",
        "members.roster.refused_other_roster",
        "members.roster.refused_other_roster",
        "members.accounts.created",
    ]
    text = stored_text()
    numbers = list(Member.objects.values_list("id_number", flat=True))
    assert len(numbers) >= 7
    for number in numbers:
        assert number not in text
        assert number[6:14] not in text  # nor the birth date read from it
    assert idnumber.mask(world.far_member.id_number) in text  # the refusal says which row, masked
    assert world.far.name not in text and world.far.code not in text


def test_log_masks_a_number_slipped_into_a_payload_or_reason(world):
    number = world.neighbour.id_number

    @audit.service
    def careless():
        audit.log(
            "members.member.changed",
            actor=world.secretary,
            organisation=world.branch,
            obj=world.neighbour,
            payload={"note": f"号码{number}", "rows": [{"id": number}]},
            reason=f"核对 {number}",
            label=f"李四 {number}",
        )

    careless()
    text = stored_text()
    assert number not in text and idnumber.mask(number) in text


@pytest.mark.parametrize("value", ["1101051949123100", "110105194912310021", "11010519491231002X1"])
def test_other_digit_runs_are_left_alone_or_masked_whole(value):
    masked = audit.mask_ids(value)
    if len(value) == 18:
        assert masked == idnumber.mask(value)
    else:
        assert masked == value
