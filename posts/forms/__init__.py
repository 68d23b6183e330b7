"""Forms for the post pages, one module per stage as in posts.views and posts.services:
catalogue, claims, notices, lifecycle (common holds what they share). The forms are gathered
here so views read `forms.ClaimForm` whatever the stage."""

from .catalogue import (
    AdoptForm,
    BranchPostForm,
    CommonPostForm,
    EditCommonPostForm,
    EditPostTypeForm,
    OwnPostForm,
    PostTypeForm,
    RoundForm,
)
from .claims import ClaimForm, DecisionForm, NominateForm, VotesForm
from .common import DateInput
from .lifecycle import (
    ActionForm,
    ConfirmForm,
    NewTermForm,
    OptionalReasonForm,
    ReasonForm,
    SignForm,
    SuspendForm,
    TrainForm,
    TransferForm,
)
from .notices import HandleObjectionForm, ObjectionForm, PublishNoticeForm

__all__ = [
    "DateInput",
    "RoundForm",
    "AdoptForm",
    "PostTypeForm",
    "OwnPostForm",
    "CommonPostForm",
    "EditPostTypeForm",
    "EditCommonPostForm",
    "BranchPostForm",
    "ClaimForm",
    "NominateForm",
    "VotesForm",
    "DecisionForm",
    "PublishNoticeForm",
    "ObjectionForm",
    "HandleObjectionForm",
    "SignForm",
    "TrainForm",
    "ActionForm",
    "ReasonForm",
    "OptionalReasonForm",
    "ConfirmForm",
    "TransferForm",
    "SuspendForm",
    "NewTermForm",
]
