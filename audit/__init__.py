"""The audit log (操作记录): one entry per state change, for officers and officials.

from audit import log, service

@service
def approve_claim(*, claim, by, reason=""):
    ...
    log("posts.claim.approved", actor=by, organisation=post.branch, obj=claim, reason=reason)
"""

from .recording import AuditError, log, mask_ids, not_a_service, service

__all__ = ["AuditError", "log", "mask_ids", "not_a_service", "service"]
