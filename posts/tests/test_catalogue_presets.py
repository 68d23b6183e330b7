"""The shipped catalogue: every post the source documents name, for every kind of branch,
loaded by an idempotent command."""

import pytest
from django.core.management import call_command

from posts import presets
from posts.models import PostClass, PostType

# Posts named by the village documents (seed 000: 篇1, 篇2, 篇7, 篇10).
VILLAGE_NAMES = [
    "政策宣传岗",
    "科技示范岗",
    "治安调解岗",
    "扶贫帮困岗",
    "村务监督岗",
    "小康文明岗",
    "政策法规宣传岗",
    "民意收集反馈岗",
    "文明新风倡导岗",
    "民事纠纷调解岗",
    "党务村务监督岗",
    "村组财务监督岗",
    "村规民约监督岗",
    "计划生育监督岗",
    "社会治安维护岗",
    "公用设施维护岗",
    "环境卫生责任岗",
    "医疗卫生保健岗",
    "河塘管护责任岗",
    "扶贫帮困救助岗",
    "领富帮富岗",
    "信息咨询岗",
    "市场流通岗",
    "政策法律宣传岗",
    "村情民意调查岗",
    "勤劳致富示范岗",
    "项目建设服务岗",
    "信息咨询服务岗",
    "扶贫帮困服务岗",
    "科技推广服务岗",
    "劳务输转帮带岗",
    "党务工作监督岗",
    "政务工作监督岗",
    "财务工作监督岗",
    "土地管理监督岗",
    "基础设施养护岗",
    "环境卫生保护岗",
    "村组干部岗",
    "集体经济项目发包监督岗",
    "村务财务监督岗",
    "民情民意收集岗",
    "民调治安岗",
    "文明新风岗",
]
OTHER_KINDS = {
    # seed 000 篇8
    "community": ["党建工作岗", "参政议政岗", "民主监督岗", "公益服务岗", "文明新风岗", "环境美化岗", "治安维护岗"],
    "enterprise": ["党建工作岗", "生产经营岗", "革新发明岗", "遵章守纪岗", "职工维权岗", "建言献策岗"],
    # seed 003
    "institution": [
        "教育示范岗",
        "教改科研岗",
        "服务学生岗",
        "服务党员岗",
        "党务政务监督岗",
        "公共财务管护岗",
        "民意收集岗",
        "扶贫帮困岗",
        "文明礼仪岗",
        "校园安全岗",
    ],
    # seed 004
    "grid": [
        "邻里和睦示范岗",
        "村容村貌监督岗",
        "社会治安巡逻岗",
        "尊老爱幼示范岗",
        "政策法律宣传岗",
        "民事纠纷调解岗",
    ],
}


def preset_for(name):
    """The preset a local name refers to: by its own name or one it is also called."""
    return next(p for p in presets.PRESETS if name == p.name or name in p.also_called)


@pytest.mark.parametrize("kind,names", [("village", VILLAGE_NAMES), *OTHER_KINDS.items()])
def test_every_named_post_has_a_preset_for_its_kind(kind, names):
    for name in names:
        assert kind in preset_for(name).kinds, (kind, name)


def test_presets_are_complete_and_distinct():
    classes = {name for name, _ in presets.CLASSES}
    names = [p.name for p in presets.PRESETS]
    aliases = [a for p in presets.PRESETS for a in p.also_called]
    assert len(set(names)) == len(names)
    assert not set(aliases) & set(names) and len(set(aliases)) == len(aliases)
    for p in presets.PRESETS:
        assert p.post_class in classes and p.kinds and p.duties and len(p.menu) >= 3, p.name
        assert set(p.kinds) <= {"village", "community", "enterprise", "institution", "grid"}, p.name


@pytest.mark.django_db
def test_load_presets_creates_once_and_updates_after():
    call_command("load_presets", verbosity=0)
    count = PostType.objects.count()
    assert count == len(presets.PRESETS) and PostClass.objects.count() == len(presets.CLASSES)
    assert set(PostType.objects.values_list("owner", flat=True)) == {None}
    patrol = PostType.objects.get(name="社会治安维护岗")
    assert patrol.post_class.name == "公共事务类"
    assert sorted(patrol.branch_kinds) == ["community", "grid", "village"]
    assert patrol.service_items[0] == "每月参加夜间巡逻不少于两次"

    PostType.objects.filter(pk=patrol.pk).update(duties="被改动的职责", is_active=False)
    call_command("load_presets", verbosity=0)
    patrol.refresh_from_db()
    assert PostType.objects.count() == count and PostClass.objects.count() == len(presets.CLASSES)
    assert patrol.duties == preset_for("社会治安维护岗").duties and patrol.is_active
