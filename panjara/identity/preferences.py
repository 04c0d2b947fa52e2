"""Which events reach a person by SMS and which by e-mail (identity issue, section 4).

Events are grouped; the person chooses the channels of each group on their notification
preferences page, and the choice is kept in `User.notification_preferences` as
{group: [channel, …]}. A group missing there follows the defaults below, so adding a group later
needs no data migration. Security notices are a group of their own that always goes to every
confirmed contact: a hijacker who could silence them could hide a takeover.

Other apps ask `channels_for(user=…, group=…)` before sending; they never read the JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import User

EMAIL = "email"
SMS = "sms"
# The order in which channels are offered and returned.
CHANNELS = (EMAIL, SMS)
CHANNEL_LABELS = {EMAIL: _("E-mail"), SMS: _("SMS")}

STATUS = "status"
ANSWERS = "answers"
TERMS = "terms"
DEADLINES = "deadlines"
SECURITY = "security"


@dataclass(frozen=True, kw_only=True)
class Group:
    key: str
    label: Promise
    hint: Promise
    default: tuple[str, ...]
    # False only for security notices: they cannot be turned off or narrowed.
    choosable: bool = True


GROUPS: tuple[Group, ...] = (
    Group(
        key=STATUS,
        label=_("Application status changes"),
        hint=_("An application you sent was received, is being processed, or needs something from you."),
        default=(EMAIL, SMS),
    ),
    Group(
        key=ANSWERS,
        label=_("Answers and documents"),
        hint=_("An agency answered your application or a document is ready for you."),
        default=(EMAIL, SMS),
    ),
    Group(
        key=TERMS,
        label=_("Terms of use changes"),
        hint=_("The terms of use of the portal or of a service you use have changed."),
        default=(EMAIL,),
    ),
    Group(
        key=DEADLINES,
        label=_("Deadlines and reminders"),
        hint=_("A payment, a draft or an answer you have to give is due soon."),
        default=(EMAIL,),
    ),
    Group(
        key=SECURITY,
        label=_("Security notices"),
        hint=_("Changes to your password, contacts or authenticator app, and a disabled password."),
        default=(EMAIL, SMS),
        choosable=False,
    ),
)
BY_KEY = {group.key: group for group in GROUPS}
CHOOSABLE = tuple(group for group in GROUPS if group.choosable)


def _group(key: str) -> Group:
    try:
        return BY_KEY[key]
    except KeyError:
        raise ValueError(f"unknown notification group {key!r}") from None


def chosen_channels(*, user: User, group: str) -> list[str]:
    """The channels the person chose for `group` (or its default), whether or not the contact
    behind each is confirmed: what their preferences page shows."""
    spec = _group(group)
    if not spec.choosable:
        return list(spec.default)
    stored = (user.notification_preferences or {}).get(group)
    if not isinstance(stored, list):
        return list(spec.default)
    return [channel for channel in CHANNELS if channel in stored]


def preferences_of(*, user: User) -> dict[str, list[str]]:
    """Every choosable group with its channels, for the preferences page."""
    return {group.key: chosen_channels(user=user, group=group.key) for group in CHOOSABLE}


def channels_for(*, user: User, group: str) -> list[str]:
    """The channels to send an event of `group` to this person by: their choice (or the
    default), limited to contacts they have confirmed, in the order of CHANNELS. An empty list
    means the person sees the event on the portal only. Raises ValueError for an unknown group,
    so that a typo in a caller fails in its tests rather than silently sending nothing."""
    confirmed = {
        EMAIL: bool(user.email and user.email_confirmed_at),
        SMS: bool(user.mobile and user.mobile_confirmed_at),
    }
    return [channel for channel in chosen_channels(user=user, group=group) if confirmed[channel]]
