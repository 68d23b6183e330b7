"""The roster file format: its columns, their Chinese headers, and how a cell becomes a value.

Headers and choice labels are a file format shared with the branches' own spreadsheets, not
interface text: they stay Chinese whatever the interface language, so they are plain
constants here. Messages about bad cells are interface text and go through gettext.

Parsers are forgiving about form (full-width characters, spaces, common synonyms such as
本科 for 大学本科) and strict about meaning: a value that cannot be read with certainty is
an error for the officer to fix, never a guess.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _

from .. import idnumber
from ..models import Member

# Cells whose text starts with one of these are run as formulas by spreadsheet programs
# (OWASP "CSV injection"); tab and carriage return are on OWASP's list too.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

YES, NO = "是", "否"

GENDER_LABELS = {Member.Gender.MALE: "男", Member.Gender.FEMALE: "女"}
EDUCATION_LABELS = {
    Member.Education.POSTGRADUATE: "研究生",
    Member.Education.BACHELOR: "大学本科",
    Member.Education.COLLEGE: "大学专科",
    Member.Education.VOCATIONAL: "中专",
    Member.Education.HIGH_SCHOOL: "高中",
    Member.Education.MIDDLE_SCHOOL: "初中",
    Member.Education.PRIMARY: "小学及以下",
}
CATEGORY_LABELS = {
    Member.Category.FULL: "正式党员",
    Member.Category.PROBATIONARY: "预备党员",
    Member.Category.ACTIVIST: "入党积极分子",
    Member.Category.NON_MEMBER: "非党员能人",
}
HEALTH_LABELS = {
    Member.Health.GOOD: "好",
    Member.Health.FAIR: "一般",
    Member.Health.POOR: "较差",
    Member.Health.UNABLE: "丧失劳动能力",
}
HOUSEHOLD_LABELS = {
    Member.Household.WELL_OFF: "富裕",
    Member.Household.ORDINARY: "一般",
    Member.Household.DIFFICULTY: "困难",
}

# Other words branches use in their own rosters for the same values.
_GENDER_SYNONYMS = {"男性": "male", "M": "male", "MALE": "male", "女性": "female", "F": "female", "FEMALE": "female"}
_EDUCATION_SYNONYMS = {
    "研究生及以上": "postgraduate",
    "硕士": "postgraduate",
    "硕士研究生": "postgraduate",
    "博士": "postgraduate",
    "博士研究生": "postgraduate",
    "本科": "bachelor",
    "大学": "bachelor",
    "大专": "college",
    "专科": "college",
    "高职": "college",
    "中等专业学校": "vocational",
    "中职": "vocational",
    "职高": "vocational",
    "技校": "vocational",
    "中技": "vocational",
    "中专/中技": "vocational",
    "普通高中": "high_school",
    "小学": "primary",
    "文盲": "primary",
    "半文盲": "primary",
}
_CATEGORY_SYNONYMS = {
    "党员": "full",
    "中共党员": "full",
    "正式": "full",
    "中共预备党员": "probationary",
    "预备": "probationary",
    "积极分子": "activist",
    "非党员": "non_member",
    "能人": "non_member",
    "群众": "non_member",
}
_HEALTH_SYNONYMS = {
    "良好": "good",
    "健康": "good",
    "差": "poor",
    "体弱": "poor",
    "体弱多病": "poor",
    "无劳动能力": "unable",
    "丧失": "unable",
}
_HOUSEHOLD_SYNONYMS = {
    "较富裕": "well_off",
    "宽裕": "well_off",
    "小康": "well_off",
    "普通": "ordinary",
    "中等": "ordinary",
    "贫困": "difficulty",
    "困难户": "difficulty",
    "低保": "difficulty",
    "低保户": "difficulty",
    "较困难": "difficulty",
}
_TRUE_WORDS = {YES, "Y", "YES", "TRUE", "1", "√", "✓", "✔", "对", "有"}
_FALSE_WORDS = {NO, "N", "NO", "FALSE", "0", "×", "✗", "✘", "无", "没有"}
# Ways of writing "holds no office" in the 现任职务 column.
_NO_OFFICE_WORDS = {"无", "没有", "无职务", "-", "—", "/", "NONE"}

# An empty cell in a column for something every person has (民族, 人员类别, 健康状况, 家庭情况)
# means "not given": a new member gets the field's default, an existing member keeps theirs.
# Elsewhere the file is authoritative for its columns: an empty 现任职务 means no office.
NOT_GIVEN = object()

_SPACES = re.compile(r"\s+")
_CJK_AND_SPACES = re.compile(r"[\u3400-\u9fff\u00b7 ]+")
_PHONE = re.compile(r"[0-9+\-() /、,;]+")
_DATE_FORMS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_YEAR_MONTH = re.compile(r"(\d{4})(?:[-/.]|年)(\d{1,2})月?")
_MIDNIGHT = re.compile(r"[T ]0{1,2}:00(:00(\.0+)?)?$")
_HEADER_MARKS = re.compile(r"\*|\(必填\)|\(选填\)")


class CellError(Exception):
    """A cell that cannot be read; the message says why, in the user's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


def fold(text):
    """A key for forgiving comparison: full-width forms made half-width (NFKC), no spaces,
    Latin letters upper-cased."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).upper()


def cell_text(value):
    """The text of a cell, whatever type the spreadsheet stored it as."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
    elif isinstance(value, bool):
        text = YES if value else NO
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime.datetime):
        text = value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    else:
        text = str(value)
    # Our exports put an apostrophe before text that a spreadsheet would run as a formula
    # (see exporting.neutralise); it comes off again so a round trip changes nothing.
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_TRIGGERS:
        text = text[1:]
    return text


def _quote(text, limit=20):
    """A cell value for an error message, cut short so the message stays readable."""
    return text if len(text) <= limit else text[:limit] + "…"


def _checked_length(text, key):
    limit = Member._meta.get_field(key).max_length
    if limit is not None and len(text) > limit:
        raise CellError(
            _("Too long: at most %(limit)d characters, this has %(length)d.") % {"limit": limit, "length": len(text)}
        )
    return text


def _text_parser(key, *, empty=""):
    def parse(value):
        text = cell_text(value)
        return _checked_length(text, key) if text else empty

    return parse


def parse_name(value):
    text = " ".join(cell_text(value).split())
    if not text:
        raise CellError(_("The name is missing."))
    # Rosters pad two-character names with spaces ("张  三") to line them up; a Chinese name
    # has no spaces. Names in Latin letters keep theirs.
    if _CJK_AND_SPACES.fullmatch(text):
        text = text.replace(" ", "")
    return _checked_length(text, "name")


def parse_id_number(value):
    if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool)):
        digits = str(int(value))
        if isinstance(value, float) or (len(digits) > 15 and idnumber.problem(digits)):
            # Excel keeps 15 significant digits of a number: the last three are gone for good.
            raise CellError(
                _(
                    "The ID number was stored as a number, so the spreadsheet has lost "
                    "its last digits. Format the column as text and type the number "
                    "again."
                )
            )
    # idnumber.normalise decides which look-alike characters mean a digit (full-width ones
    # do, other scripts' digits do not), as it does for forms and the admin.
    text = idnumber.normalise(cell_text(value))
    if not text:
        raise CellError(_("The ID number is missing."))
    problem = idnumber.problem(text)
    if problem:
        raise CellError(problem)
    return text


def parse_date(value):
    """A date from a date cell or from text such as 1980-05-17, 1980/5/17, 1980.05.17,
    19800517 or 1980年5月17日. Empty gives None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        text = _MIDNIGHT.sub("", unicodedata.normalize("NFKC", cell_text(value)))
        text = text.replace(" ", "")
        if not text:
            return None
        day = _date_from_text(text)
    if day.year < 1900:
        raise CellError(_("The date %(date)s is before 1900.") % {"date": day.isoformat()})
    if day > datetime.date.today():
        raise CellError(_("The date %(date)s is in the future.") % {"date": day.isoformat()})
    return day


def _date_from_text(text):
    for form in _DATE_FORMS:
        match = form.fullmatch(text)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                raise CellError(_('There is no such date as "%(value)s".') % {"value": _quote(text)}) from None
    if _YEAR_MONTH.fullmatch(text):
        raise CellError(_("The date needs the day as well, for example 1980-05-17."))
    raise CellError(_('"%(value)s" is not a date; write it like 1980-05-17.') % {"value": _quote(text)})


def parse_phone(value):
    text = unicodedata.normalize("NFKC", cell_text(value))
    if not text:
        return ""
    if not _PHONE.fullmatch(text) or sum(map(str.isdigit, text)) < 7:
        raise CellError(
            _("A phone number has at least 7 digits and only digits, spaces, dashes and brackets between them.")
        )
    return _checked_length(text, "phone")


def parse_office(value):
    text = cell_text(value)
    if fold(text) in _NO_OFFICE_WORDS:
        return ""
    return _checked_length(text, "office")


def parse_yes_no(value):
    if isinstance(value, bool):
        return value
    if value == NO or value is None:
        return False
    text = fold(cell_text(value))
    if not text or text in _FALSE_WORDS:
        return False
    if text in _TRUE_WORDS:
        return True
    raise CellError(_("Write %(yes)s or %(no)s.") % {"yes": YES, "no": NO})


def _choice_parser(labels, synonyms, *, empty):
    exact = {label: value for value, label in labels.items()}
    lookup = {fold(label): value for value, label in labels.items()}
    lookup.update({fold(word): value for word, value in synonyms.items()})
    allowed = "、".join(labels.values())

    def parse(value):
        text = cell_text(value)
        if not text:
            return empty
        # Most cells hold the label exactly as the template's drop-down wrote it.
        if text in exact:
            return exact[text]
        try:
            return lookup[fold(text)]
        except KeyError:
            raise CellError(
                _('"%(value)s" is not an allowed value; write one of: %(allowed)s.')
                % {"value": _quote(text), "allowed": allowed}
            ) from None

    return parse


def parse_reference(value):
    """Group and branch cells are matched by name or code once the branch is known: here they
    only become a comparison key."""
    text = cell_text(value)
    return fold(text) if text else None


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    parse: object
    aliases: tuple = ()
    # The file must have this column (the cells are checked by `parse`).
    required: bool = False
    # Allowed values, offered as a drop-down list in the template.
    choices: tuple = ()
    width: int = 12
    help: str = ""


COLUMNS = (
    Column("name", "姓名", parse_name, ("名字",), required=True, width=10, help="必填。"),
    Column(
        "gender",
        "性别",
        _choice_parser(GENDER_LABELS, _GENDER_SYNONYMS, empty=None),
        choices=tuple(GENDER_LABELS.values()),
        width=6,
        help="可不填，按身份证号自动判断。",
    ),
    Column(
        "ethnicity",
        "民族",
        _text_parser("ethnicity", empty=NOT_GIVEN),
        width=8,
        help="例如：汉族。新登记的人员不填时按汉族。",
    ),
    Column(
        "birth_date",
        "出生日期",
        parse_date,
        ("出生年月日", "出生年月", "生日"),
        help="可不填，按身份证号自动填写；填写时须与身份证号一致。",
    ),
    Column(
        "education",
        "学历",
        _choice_parser(EDUCATION_LABELS, _EDUCATION_SYNONYMS, empty=""),
        ("文化程度", "最高学历"),
        choices=tuple(EDUCATION_LABELS.values()),
        width=11,
    ),
    Column(
        "id_number",
        "身份证号",
        parse_id_number,
        ("身份证号码", "公民身份号码", "身份证"),
        required=True,
        width=21,
        help="必填，18 位；请把此列设为文本格式，以免 Excel 丢失末尾数字。",
    ),
    Column("phone", "联系电话", parse_phone, ("电话", "手机", "手机号", "手机号码", "联系方式"), width=14),
    Column(
        "joined_party_on",
        "入党时间",
        parse_date,
        ("入党日期",),
        help="正式党员、预备党员填写，精确到日；入党积极分子、非党员能人不填。",
    ),
    Column(
        "category",
        "人员类别",
        _choice_parser(CATEGORY_LABELS, _CATEGORY_SYNONYMS, empty=NOT_GIVEN),
        ("类别", "党员类别", "政治面貌"),
        choices=tuple(CATEGORY_LABELS.values()),
        width=13,
        help="新登记的人员不填时按正式党员。",
    ),
    Column("office", "现任职务", parse_office, ("职务", "担任职务"), width=14, help="无职党员留空或填“无”。"),
    Column(
        "group",
        "所在党小组/网格",
        parse_reference,
        ("所在党小组", "党小组", "网格", "所在网格", "党小组/网格"),
        width=16,
        help="填写本支部已设立的党小组或网格的名称。",
    ),
    Column("specialities", "特长", _text_parser("specialities"), ("特长技能", "专长"), width=16),
    Column(
        "health",
        "健康状况",
        _choice_parser(HEALTH_LABELS, _HEALTH_SYNONYMS, empty=NOT_GIVEN),
        ("身体状况",),
        choices=tuple(HEALTH_LABELS.values()),
        width=13,
    ),
    Column(
        "works_away",
        "是否外出务工",
        parse_yes_no,
        ("外出务工", "是否外出"),
        choices=(YES, NO),
        width=13,
        help="不填按“否”。",
    ),
    Column(
        "household",
        "家庭情况",
        _choice_parser(HOUSEHOLD_LABELS, _HOUSEHOLD_SYNONYMS, empty=NOT_GIVEN),
        ("家庭状况", "家庭经济情况"),
        choices=tuple(HOUSEHOLD_LABELS.values()),
        width=10,
    ),
    Column("notes", "备注", _text_parser("notes"), width=24),
)

# Exports add the branch, which a county-wide export needs. On import it must name the
# branch being imported into, so a county export cannot be loaded into one branch by mistake.
BRANCH_COLUMN = Column("branch", "所属支部", parse_reference, ("支部", "所在支部"), width=18)

COLUMN_BY_KEY = {c.key: c for c in (*COLUMNS, BRANCH_COLUMN)}


def header_key(text):
    """Headers are matched forgivingly: full-width or half-width, spaces and line breaks
    ignored, and required-field marks (*, （必填）) dropped."""
    return _HEADER_MARKS.sub("", fold(text))


@cache
def _header_lookup():
    return {
        header_key(name): column for column in (*COLUMNS, BRANCH_COLUMN) for name in (column.header, *column.aliases)
    }


def match_header(text):
    """The column a header cell names, or None for a column that is not ours."""
    return _header_lookup().get(header_key(text))


# The Chinese labels of a member's choice fields, as written in files.
CHOICE_LABELS = {
    "gender": GENDER_LABELS,
    "education": EDUCATION_LABELS,
    "category": CATEGORY_LABELS,
    "health": HEALTH_LABELS,
    "household": HOUSEHOLD_LABELS,
}
