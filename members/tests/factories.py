import datetime

import factory
from django.contrib.auth import get_user_model

from members import idnumber
from members.models import Member, Organisation, Role


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"O{n:04d}")
    name = factory.Sequence(lambda n: f"组织{n}")
    level = Organisation.Level.COUNTY


class CountyFactory(OrganisationFactory):
    level = Organisation.Level.COUNTY
    name = factory.Sequence(lambda n: f"测试县{n}")


class TownshipFactory(OrganisationFactory):
    level = Organisation.Level.TOWNSHIP
    parent = factory.SubFactory(CountyFactory)
    name = factory.Sequence(lambda n: f"测试镇{n}")


class BranchFactory(OrganisationFactory):
    level = Organisation.Level.BRANCH
    kind = Organisation.Kind.VILLAGE
    parent = factory.SubFactory(TownshipFactory)
    name = factory.Sequence(lambda n: f"测试村党支部{n}")


class GroupFactory(OrganisationFactory):
    level = Organisation.Level.GROUP
    parent = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"第{n}党小组")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pass-1234")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"成员{n}")
    birth_date = datetime.date(1980, 5, 17)
    # 500 distinct male IDs per region code; regions step on, so any number of members is unique.
    id_number = factory.Sequence(
        lambda n: idnumber.make(110000 + n // 500, datetime.date(1980, 5, 17), (n % 500) * 2 + 1)
    )
    gender = Member.Gender.MALE
    branch = factory.SubFactory(BranchFactory)
    category = Member.Category.FULL


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(BranchFactory)
    kind = Role.Kind.BRANCH_SECRETARY
