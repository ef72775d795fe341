"""Who may do what: the access policy as one pure function, `can(user, action, resource)`.

The policy (docs/web.md has the table):

- Published plans are public: anyone, signed in or not, may read them.
- admin reads and writes everything and alone reads the audit log.
- municipal (市教委) and evaluator (第三方评估) read every region, drafts included, and write nothing
  of a district's plan: the district owns its plan. Bound to a region node (a city, a province),
  they read that node's subtree only: `Principal.scope`, the keys of the regions under it, which
  the service layer gives (this module never walks the tree).
- planner (区教委规划科, the "district" user) reads and writes its own region only.
- unit (责任单位) reads its own region and writes only the tasks and projects it is assigned to
  (the resource's `units`: the stored assignment, else the units the plan text names); it never
  assigns (Kind.ASSIGNMENT is the planner's).
- viewer reads its own region's subtree (or, without a region, only what is published) and writes nothing.
- A region's yearly figures (Kind.SUBMISSION) are submitted by its own planner (or admin) and
  reviewed — approved, returned, unlocked — by the municipal commission of its subtree (or admin); the states
  they move through are `core.collection.approval`'s.

A user bound to no region (a planner created without one) is refused what needs a region:
missing data never widens access. Regions are compared by key (`store.regions`: the name while
unique, else the division code), so a planner of 福州市鼓楼区 is not one of 南京市鼓楼区.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """The roles a user can hold (the names seeded in the `roles` table)."""

    ADMIN = "admin"
    MUNICIPAL = "municipal"
    PLANNER = "planner"
    UNIT = "unit"
    EVALUATOR = "evaluator"
    VIEWER = "viewer"


ROLE_TITLES: dict[Role, str] = {
    Role.ADMIN: "系统管理员",
    Role.MUNICIPAL: "市教委",
    Role.PLANNER: "区教委规划科",
    Role.UNIT: "责任单位",
    Role.EVALUATOR: "第三方评估机构",
    Role.VIEWER: "只读用户",
}


class Action(StrEnum):
    """What a user wants to do with a resource."""

    READ = "read"
    WRITE = "write"  # edit a stored record
    IMPORT = "import"  # store a new or re-extracted plan for a region
    SUBMIT = "submit"  # submit a region's yearly figures for review
    REVIEW = "review"  # approve, return or unlock a region's submitted figures


class Kind(StrEnum):
    """The kinds of resource the policy distinguishes."""

    PLAN = "plan"
    INDICATOR = "indicator"
    TASK = "task"
    PROJECT = "project"
    DRAFT = "draft"  # an uploaded plan not yet confirmed
    JOB = "job"  # a background extraction or import: its uploader's alone, like a draft
    AUDIT = "audit"
    ASSIGNMENT = "assignment"  # who carries out a task or project: the region's planner decides
    SUBMISSION = "submission"  # a region's yearly figures under submission and review


@dataclass(frozen=True)
class Principal:
    """A signed-in user as the policy sees them."""

    username: str
    role: Role
    region: str | None = None
    unit: str | None = None
    scope: frozenset[str] | None = None  # the keys of the regions at or under `region` (None: `region` alone)

    def reads_region(self, region: str) -> bool:
        """Whether `region` is the user's own region or one under it."""
        return self.region is not None and (region == self.region or region in (self.scope or ()))

    @property
    def public_label(self) -> str:
        """Who the user is as others may see it: their unit, else their role (never the login name)."""
        return self.unit or ROLE_TITLES[self.role]


@dataclass(frozen=True)
class Resource:
    """What is acted on: its kind, the region it belongs to, whether it is published."""

    kind: Kind
    region: str | None = None
    published: bool = False
    units: tuple[str, ...] = ()  # responsible units (tasks and projects)
    owner: str | None = None  # who uploaded a draft


ALL_REGIONS_READERS = frozenset({Role.ADMIN, Role.MUNICIPAL, Role.EVALUATOR})
SUBTREE_READERS = frozenset({Role.MUNICIPAL, Role.EVALUATOR, Role.VIEWER})
UNIT_WRITABLE = frozenset({Kind.TASK, Kind.PROJECT})


def can(user: Principal | None, action: Action, resource: Resource) -> bool:
    """Whether `user` (None: not signed in) may perform `action` on `resource`."""
    if resource.kind is Kind.AUDIT:
        return user is not None and user.role is Role.ADMIN and action is Action.READ
    if resource.kind is Kind.DRAFT:
        return _can_draft(user, action, resource)
    if resource.kind is Kind.JOB:
        return user is not None and user.username == resource.owner and action is not Action.IMPORT
    if action is Action.READ:
        return _can_read(user, resource)
    if user is None:
        return False
    if user.role is Role.ADMIN:
        return True
    if action is Action.SUBMIT:
        return resource.kind is Kind.SUBMISSION and user.role is Role.PLANNER and _own_region(user, resource)
    if action is Action.REVIEW:
        return resource.kind is Kind.SUBMISSION and user.role is Role.MUNICIPAL and _in_subtree(user, resource)
    if action is Action.IMPORT:
        return user.role is Role.PLANNER and _own_region(user, resource)
    return _can_write(user, resource)


def _own_region(user: Principal, resource: Resource) -> bool:
    return user.region is not None and resource.region is not None and user.region == resource.region


def _in_subtree(user: Principal, resource: Resource) -> bool:
    """A municipal or evaluator user without a region reads everywhere; bound to a node, its
    subtree (a resource of no region — the comparison of all — is filtered region by region)."""
    if user.region is None or resource.region is None:
        return True
    return user.reads_region(resource.region)


def _can_read(user: Principal | None, resource: Resource) -> bool:
    if resource.published:
        return True
    if user is None:
        return False
    if user.role is Role.ADMIN:
        return True
    if user.role in SUBTREE_READERS and user.region is not None:
        return resource.region is not None and user.reads_region(resource.region) or (
            resource.region is None and user.role is not Role.VIEWER)
    return user.role in ALL_REGIONS_READERS or _own_region(user, resource)


def _can_write(user: Principal, resource: Resource) -> bool:
    if user.role is Role.PLANNER:
        return _own_region(user, resource)
    if user.role is Role.UNIT:
        return (resource.kind in UNIT_WRITABLE and _own_region(user, resource)
                and user.unit is not None and user.unit in resource.units)
    return False


def _can_draft(user: Principal | None, action: Action, resource: Resource) -> bool:
    # An upload is private to its uploader until confirmed; confirming it is an import.
    if user is None or user.username != resource.owner:
        return False
    if action is Action.IMPORT:
        return user.role is Role.ADMIN or (user.role is Role.PLANNER and _own_region(user, resource))
    return True


