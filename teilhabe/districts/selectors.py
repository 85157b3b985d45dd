"""Permission-scoped reads for districts, offices, memberships and programmes.

Every view that touches a district goes through :func:`district_access_for_user`
(usually via the ``district_view`` decorator). A user without an active membership
gets 404, so the existence of other districts is not revealed; a member whose roles
lack the capability gets 403.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest

from teilhabe.accounts.models import User
from teilhabe.districts.access import DistrictAccess, ProgrammeAccess
from teilhabe.districts.models import District, Membership, Office, Programme
from teilhabe.districts.roles import Capability, Role, capabilities_of

AnyUser = AbstractBaseUser | AnonymousUser


def _active_user(user: AnyUser) -> User | None:
    if isinstance(user, User) and user.is_authenticated and user.is_active:
        return user
    return None


def district_access_for_user(
    *, user: AnyUser, slug: str, memberships: list[Membership] | None = None
) -> DistrictAccess:
    """The gate for everything inside a district. 404 unless the user is a member.

    ``memberships``: the user's active memberships as :func:`memberships_of_user` read
    them in this request (so that the gate and the district switcher share one query);
    without them, the gate reads the user's memberships in this district itself.
    """
    member = _active_user(user)
    if member is None:
        raise Http404
    if memberships is None:
        memberships = list(
            Membership.objects.active()
            .filter(user=member, district__slug=slug, district__is_active=True)
            .select_related("district", "district__kreis", "district__kreis__parent")
        )
    else:  # the same conditions as the query above
        memberships = [
            m
            for m in memberships
            if m.user_id == member.pk
            and m.is_active
            and m.district is not None
            and m.district.slug == slug
            and m.district.is_active
        ]
    if not memberships:
        raise Http404
    district = memberships[0].district
    if district is None:  # cannot happen: the filter names the district
        raise Http404
    roles = frozenset(m.role for m in memberships)
    return DistrictAccess(
        district=district,
        user=member,
        roles=roles,
        office_ids=frozenset(m.office_id for m in memberships if m.office_id is not None),
        capabilities=capabilities_of(roles),
    )


def memberships_of_user(*, user: AnyUser) -> list[Membership]:
    """The user's active memberships with their district (its Kreis and Land) or
    programme, districts by name, then programmes by name: in one query, what the
    district gate and the district switcher of one request both need."""
    member = _active_user(user)
    if member is None:
        return []
    return list(
        Membership.objects.active()
        .filter(user=member)
        .select_related("district", "district__kreis", "district__kreis__parent", "programme")
        .order_by("district__name", "programme__name", "pk")
    )


_REQUEST_MEMBERSHIPS = "_teilhabe_memberships"


def memberships_for_request(request: HttpRequest, *, fresh: bool = False) -> list[Membership]:
    """:func:`memberships_of_user` for ``request.user``, read once per request (kept on
    the request, for this user only); ``fresh`` reads them again."""
    user = request.user
    kept = getattr(request, _REQUEST_MEMBERSHIPS, None)
    if kept is not None and kept[0] is user and not fresh:
        known: list[Membership] = kept[1]
        return known
    memberships = memberships_of_user(user=user)
    setattr(request, _REQUEST_MEMBERSHIPS, (user, memberships))
    return memberships


def switcher_for_user(*, memberships: list[Membership]) -> tuple[list[District], list[Programme]]:
    """The district switcher from :func:`memberships_of_user`: the same districts and
    programmes, in the same order, as :func:`districts_for_user` and
    :func:`programmes_for_user`."""
    districts: dict[int, District] = {}
    programmes: dict[int, Programme] = {}
    for m in memberships:
        if m.district is not None and m.district.is_active:
            districts.setdefault(m.district.pk, m.district)
        if m.programme is not None and m.role == Role.PROGRAMME_OFFICE:
            programmes.setdefault(m.programme.pk, m.programme)
    return list(districts.values()), list(programmes.values())


def district_get_for_user(
    *, user: AnyUser, slug: str, capability: str, memberships: list[Membership] | None = None
) -> DistrictAccess:
    access = district_access_for_user(user=user, slug=slug, memberships=memberships)
    access.require(capability)
    return access


def districts_for_user(*, user: AnyUser) -> QuerySet[District]:
    """The districts a user can enter, for the district switcher and the home page."""
    member = _active_user(user)
    if member is None:
        return District.objects.none()
    return (
        District.objects.active()
        .filter(memberships__user=member, memberships__is_active=True)
        .distinct()
        .order_by("name")
    )


def offices_for_district(*, access: DistrictAccess) -> QuerySet[Office]:
    access.require(Capability.OFFICES_VIEW)
    return Office.objects.filter(district=access.district).order_by("-is_active", "name")


def office_get_for_user(*, access: DistrictAccess, office_id: int, capability: str) -> Office:
    """An office of the access's district; 404 for an office of any other district."""
    access.require(capability)
    try:
        return Office.objects.get(pk=office_id, district=access.district)
    except Office.DoesNotExist:
        raise Http404 from None


def memberships_for_district(*, access: DistrictAccess) -> QuerySet[Membership]:
    access.require(Capability.MEMBERS_VIEW)
    return (
        Membership.objects.filter(district=access.district)
        .select_related("user", "office")
        .order_by("-is_active", "user__username", "role")
    )


def membership_get_for_user(
    *, access: DistrictAccess, membership_id: int, capability: str
) -> Membership:
    access.require(capability)
    try:
        return Membership.objects.select_related("user", "office").get(
            pk=membership_id, district=access.district
        )
    except Membership.DoesNotExist:
        raise Http404 from None


def programmes_for_user(*, user: AnyUser) -> QuerySet[Programme]:
    member = _active_user(user)
    if member is None:
        return Programme.objects.none()
    return Programme.objects.filter(
        memberships__user=member,
        memberships__is_active=True,
        memberships__role=Role.PROGRAMME_OFFICE,
    ).distinct()


def programme_access_for_user(*, user: AnyUser, slug: str) -> ProgrammeAccess:
    """The gate for programme pages: only the programme's own programme-office members."""
    member = _active_user(user)
    if member is None:
        raise Http404
    programme = (
        programmes_for_user(user=member)
        .filter(slug=slug)
        .prefetch_related(
            Prefetch(
                "districts",
                queryset=District.objects.active()
                .select_related("kreis", "kreis__parent")
                .order_by("name"),
            )
        )
        .first()
    )
    if programme is None:
        raise Http404
    return ProgrammeAccess(programme=programme, user=member)
