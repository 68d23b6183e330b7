"""Chinese by default: every model, field and choice of ours has a Chinese name."""

import re

import pytest
from django.apps import apps
from django.utils import translation

CJK = re.compile(r"[\u4e00-\u9fff]")
OUR_APPS = ["members", "posts", "assessments", "audit"]


def our_models():
    return [m for app in OUR_APPS for m in apps.get_app_config(app).get_models()]


@pytest.mark.parametrize("model", our_models(), ids=lambda m: m._meta.label)
def test_model_fields_and_choices_have_chinese_names(model):
    missing = []
    with translation.override("zh-hans"):
        for label in (model._meta.verbose_name, model._meta.verbose_name_plural):
            if not CJK.search(str(label)):
                missing.append(f"model: {label}")
        for field in model._meta.get_fields():
            if field.auto_created or not hasattr(field, "verbose_name"):
                continue
            if not CJK.search(str(field.verbose_name)):
                missing.append(f"field {field.name}: {field.verbose_name}")
            for value, label in getattr(field, "flatchoices", None) or []:
                if value and not CJK.search(str(label)):
                    missing.append(f"choice {field.name}={value}: {label}")
    assert not missing, missing


def test_english_is_available():
    from members.models import Member

    with translation.override("en"):
        assert str(Member._meta.get_field("name").verbose_name) == "name"
