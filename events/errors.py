"""Typed errors shared by every layer; `cli` maps each to one exit code."""


class NewsroomError(Exception):
    """Base of every refusal a user can meet; the message is one clear sentence.

    `hint` names what the person could do instead (`"publish-now"`, with `facts` such
    as the article id); the interface the person uses spells it out in its own syntax.
    """

    code = "error"

    def __init__(self, message: str, *, hint: str | None = None, **facts: str):
        super().__init__(message)
        self.hint = hint
        self.facts = facts


class BadInput(NewsroomError):
    """The request itself is malformed: a bad time, a missing file, an unknown option value."""

    code = "bad_input"


class BadStore(NewsroomError):
    """The store is missing, unreachable, not a newsroom store, or not writable."""

    code = "bad_store"


class NotFound(NewsroomError):
    """An article, photo or staff member that does not exist."""

    code = "not_found"


class RuleRefused(NewsroomError):
    """The workflow does not allow this action in the article's current state."""

    code = "rule_refused"


class PermissionDenied(NewsroomError):
    """The acting person's role does not allow this action, or four eyes forbid it."""

    code = "permission_denied"


class Conflict(NewsroomError):
    """Someone else wrote first: the expected version no longer holds. Nothing was written."""

    code = "conflict"

    def __init__(self, message: str, *, stream_id: str = "", expected: int = 0, actual: int = 0):
        super().__init__(message, stream_id=stream_id)
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual


class DeliveryFailing(Conflict):
    """Dead letters a retry could not deliver: the receiver is still failing; try again later."""

    code = "delivery_failing"


class IntegrityFailure(NewsroomError):
    """The log does not verify: a changed, missing or reordered event, or a broken link."""

    code = "integrity"
