"""设岗: the catalogue (presets, common posts, a branch's own posts), the posts a branch sets
for a year, and the claim rounds it opens. Who may call what is decided by the views
through request.scope; these functions keep the rows consistent and record who acted."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit import log as audit_log
from audit import service
from members.models import Organisation

from .. import presets, selectors
from ..models import Assignment, BranchPost, ClaimRound, PostClass, PostType
from . import PostError

POST_TYPE_FIELDS = ("post_class", "name", "duties", "service_menu", "targets", "branch_kinds", "is_active")


@service
def load_presets():
    """Create or update the shipped classes and presets; returns (created, updated) presets."""
    classes = {}
    for order, (name, description) in enumerate(presets.CLASSES, start=1):
        classes[name], _created = PostClass.objects.update_or_create(
            name=name,
            defaults={"order": order, "description": description},
        )
    created = updated = 0
    for preset in presets.PRESETS:
        _type, was_created = PostType.objects.update_or_create(
            owner=None,
            name=preset.name,
            defaults={
                "post_class": classes[preset.post_class],
                "duties": preset.duties,
                "service_menu": "\n".join(preset.menu),
                "targets": "\n".join(preset.targets),
                "branch_kinds": list(preset.kinds),
                "is_active": True,
            },
        )
        created += was_created
        updated += not was_created
    audit_log("posts.presets.loaded", actor=None, payload={"created": created, "updated": updated})
    return created, updated


@service
def save_post_class(*, post_class, by, changed_fields=None):
    """A class of the catalogue added or edited by a superuser (the admin); classes are shared
    by every branch, so the entry has no organisation."""
    created = post_class.pk is None
    post_class.full_clean()
    post_class.save()
    if created or changed_fields:
        audit_log(
            "posts.post_class.added" if created else "posts.post_class.changed",
            actor=by,
            obj=post_class,
            payload={"fields": sorted(changed_fields or ())},
        )
    return post_class


@service
def delete_post_class(*, post_class, by):
    label, pk = str(post_class), post_class.pk
    post_class.delete()  # refused (ProtectedError) while catalogue posts are in it
    post_class.pk = pk
    audit_log("posts.post_class.deleted", actor=by, obj=post_class, label=label)


def _check_owner(owner):
    if owner.level not in (Organisation.Level.BRANCH, *selectors.COMMON_OWNER_LEVELS):
        raise PostError(_("Posts belong to a branch, a township or a county."), code="bad_owner")


def _save_type(post_type, fields):
    try:
        with transaction.atomic():
            post_type.save(**fields)
    except IntegrityError:
        raise PostError(
            _("“%(name)s” is in this catalogue already; choose another name.") % {"name": post_type.name},
            code="duplicate_name",
        ) from None


@service
def create_post_type(*, owner, by, post_class, name, duties, service_menu="", targets="", branch_kinds=()):
    """A branch's own post (个性岗位), or a common post (共性岗位) of a township or county."""
    _check_owner(owner)
    post_type = PostType(
        owner=owner,
        post_class=post_class,
        name=name.strip(),
        duties=duties.strip(),
        service_menu=service_menu.strip(),
        targets=targets.strip(),
        # A branch's own post needs no kinds: only that branch sees it.
        branch_kinds=[] if owner.is_branch else list(branch_kinds),
    )
    _save_type(post_type, {})
    audit_log(
        "posts.post_type.created",
        actor=by,
        organisation=owner,
        obj=post_type,
        payload={"post_class_id": post_type.post_class_id},
    )
    return post_type


@service
def add_own_post(*, branch, year, headcount, by, **fields):
    """A branch's own post, created in its catalogue and set for the year in one step."""
    post_type = create_post_type(owner=branch, by=by, **fields)
    post = adopt_posts(branch=branch, post_types=[post_type], year=year, headcount=headcount, by=by)[0]
    audit_log(
        "posts.post.own_added",
        actor=by,
        organisation=branch,
        obj=post,
        payload={"post_type_id": post_type.pk, "year": year, "headcount": headcount},
    )
    return post


@service
def update_post_type(*, post_type, by, **changes):
    post_type = PostType.objects.select_for_update(of=("self",)).select_related("owner").get(pk=post_type.pk)
    if post_type.owner is None:
        raise PostError(_("Presets are updated by loading the presets again."), code="preset")
    unknown = set(changes) - set(POST_TYPE_FIELDS)
    if unknown:
        raise ValueError(f"not post type fields: {sorted(unknown)}")
    for field, value in changes.items():
        setattr(post_type, field, value.strip() if isinstance(value, str) else value)
    if post_type.owner.is_branch:
        post_type.branch_kinds = []
    _save_type(post_type, {"update_fields": list(changes)})
    audit_log(
        "posts.post_type.changed",
        actor=by,
        organisation=post_type.owner,
        obj=post_type,
        payload={"fields": sorted(changes)},
    )
    return post_type


@service
def adopt_posts(*, branch, post_types, year, headcount, by):
    """Set catalogue posts as the branch's posts for a year. Posts set already are kept as
    they are, so adopting twice is harmless. Returns the posts created."""
    if headcount < 1:
        raise PostError(_("A post needs at least one place."), code="headcount")
    allowed = {t.pk for t in selectors.adoptable_types(branch)}
    refused = [t.name for t in post_types if t.pk not in allowed]
    if refused:
        raise PostError(
            _("These posts are not in the catalogue of %(branch)s: %(names)s.")
            % {"branch": branch.name, "names": "、".join(refused)},
            code="not_adoptable",
        )
    created = []
    for post_type in post_types:
        post, was_created = BranchPost.objects.get_or_create(
            branch=branch,
            post_type=post_type,
            year=year,
            defaults={"headcount": headcount},
        )
        if was_created:
            created.append(post)
    if created:
        audit_log(
            "posts.posts.adopted",
            actor=by,
            organisation=branch,
            obj=branch,
            payload={"year": year, "headcount": headcount, "count": len(created), "post_ids": [p.pk for p in created]},
        )
    return created


@service
def update_branch_post(*, post, by, headcount, lead=None, contact_cadre=None, is_open=True, extra_duties=""):
    # Locked like an approval does, so a place cannot be filled while the headcount drops.
    post = BranchPost.objects.select_for_update().get(pk=post.pk)
    if headcount < 1:
        raise PostError(_("A post needs at least one place."), code="headcount")
    taken = Assignment.objects.filter(post=post, status__in=Assignment.LIVE).count()
    if headcount < taken:
        raise PostError(
            _("%(taken)d people hold this post already; the headcount cannot be lower than that.") % {"taken": taken},
            code="headcount_below_taken",
        )
    for person in (lead, contact_cadre):
        if person is not None and person.branch_id != post.branch_id:
            raise PostError(_("%(name)s is not on this branch's roster.") % {"name": person.name}, code="other_branch")
    before = {
        "headcount": post.headcount,
        "lead_id": post.lead_id,
        "contact_cadre_id": post.contact_cadre_id,
        "is_open": post.is_open,
        "extra_duties": post.extra_duties,
    }
    post.headcount, post.lead, post.contact_cadre = headcount, lead, contact_cadre
    post.is_open, post.extra_duties = is_open, extra_duties.strip()
    post.save(update_fields=["headcount", "lead", "contact_cadre", "is_open", "extra_duties"])
    after = {
        "headcount": post.headcount,
        "lead_id": post.lead_id,
        "contact_cadre_id": post.contact_cadre_id,
        "is_open": post.is_open,
        "extra_duties": post.extra_duties,
    }
    changed = {k: [before[k], after[k]] for k in after if before[k] != after[k] and k != "extra_duties"}
    if before["extra_duties"] != after["extra_duties"]:
        changed["extra_duties"] = True  # that it changed; the text is on the post
    if changed:
        audit_log("posts.post.changed", actor=by, organisation=post.branch, obj=post, payload={"changed": changed})
    return post


@service
def open_round(*, branch, year, starts_on, ends_on, by):
    """Open a claim round (认岗) for the branch. Rounds of one branch never overlap, so on
    any day at most one round decides whether members may claim."""
    # Locking the branch row makes two officers opening rounds at once take turns.
    Organisation.objects.select_for_update().get(pk=branch.pk)
    if ends_on < starts_on:
        raise PostError(_("The round must end on or after the day it starts."), code="dates")
    clash = ClaimRound.objects.filter(branch=branch, starts_on__lte=ends_on, ends_on__gte=starts_on).first()
    if clash:
        raise PostError(
            _("It overlaps the claim round from %(start)s to %(end)s.")
            % {"start": clash.starts_on.isoformat(), "end": clash.ends_on.isoformat()},
            code="overlap",
        )
    claim_round = ClaimRound.objects.create(
        branch=branch, year=year, starts_on=starts_on, ends_on=ends_on, opened_by=by
    )
    audit_log(
        "posts.round.opened",
        actor=by,
        organisation=branch,
        obj=claim_round,
        payload={"year": year, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
    )
    return claim_round
