import datetime

import pytest
from django.core.exceptions import ValidationError

from members import idnumber

VALID = "11010519491231002X"  # the standard's own worked example


def test_standard_example_is_valid():
    assert idnumber.problem(VALID) is None


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("110105194912310021", "checksum"),
        ("11010519491231002", "18"),
        ("1101051949123100AX", "17"),
        ("110105194902310025", "birth date"),
    ],
)
def test_bad_numbers_say_what_is_wrong(value, fragment, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        assert fragment in str(idnumber.problem(value))
        with pytest.raises(ValidationError):
            idnumber.validate_id_number(value)


def test_lower_case_x_and_spaces_are_normalised():
    assert idnumber.problem(" 11010519491231002x\u3000") is None


def test_birth_date_gender_and_mask():
    assert idnumber.birth_date(VALID) == datetime.date(1949, 12, 31)
    assert idnumber.gender(VALID) == "female"
    assert idnumber.mask(VALID) == "110105********002X"


def test_make_builds_valid_numbers():
    value = idnumber.make(330102, datetime.date(1990, 2, 28), 7)
    assert idnumber.problem(value) is None
    assert idnumber.gender(value) == "male"


def test_member_clean_derives_birth_date_and_gender(db):
    from members.models import Member
    from members.tests.factories import BranchFactory

    member = Member(name="王芳", id_number=" 11010519491231002x", branch=BranchFactory())
    member.full_clean()
    assert member.id_number == VALID
    assert member.birth_date == datetime.date(1949, 12, 31)
    assert member.gender == "female"


def test_member_clean_rejects_a_bad_checksum(db):
    from members.models import Member
    from members.tests.factories import BranchFactory

    member = Member(name="王芳", id_number="110105194912310021", branch=BranchFactory())
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "id_number" in error.value.message_dict
