import datetime

import factory

from members.tests.factories import BranchFactory, MemberFactory
from posts.models import Assignment, BranchPost, Claim, ClaimRound, Notice, PostClass, PostType


class PostClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostClass
        django_get_or_create = ("name",)

    name = "公共事务类"
    order = 3


class PostTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostType

    post_class = factory.SubFactory(PostClassFactory)
    name = factory.Sequence(lambda n: f"测试岗{n}")
    duties = "宣传政策，收集群众意见，按月向支部报告。"
    service_menu = "每月入户走访一次\n每季度参加一次集中宣讲"


class BranchPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BranchPost

    branch = factory.SubFactory(BranchFactory)
    post_type = factory.SubFactory(PostTypeFactory)
    year = 2026
    headcount = 1


class ClaimRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimRound

    branch = factory.SubFactory(BranchFactory)
    year = 2026
    starts_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=1))
    ends_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=14))


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    post = factory.SubFactory(BranchPostFactory)
    member = factory.SubFactory(MemberFactory, branch=factory.SelfAttribute("..post.branch"))
    statement = "熟悉政策，愿意为群众服务。"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    post = factory.SubFactory(BranchPostFactory)
    member = factory.SubFactory(MemberFactory, branch=factory.SelfAttribute("..post.branch"))
    status = Assignment.Status.APPROVED


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notice

    branch = factory.SubFactory(BranchFactory)
    title = "无职党员设岗定责公示"
    starts_on = factory.LazyFunction(datetime.date.today)
    ends_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=5))
