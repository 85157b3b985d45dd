"""Tenants: districts, their offices and who belongs to them in which role."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teilhabe.districts.roles import Role


class DistrictQuerySet(models.QuerySet["District"]):
    def active(self) -> DistrictQuerySet:
        return self.filter(is_active=True)


class District(models.Model):
    """One Kreis (or kreisfreie Stadt) using Teilhabe. All its data belong to it alone."""

    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kreis = models.ForeignKey(
        "areas.Area",
        verbose_name=_("Kreis"),
        on_delete=models.PROTECT,
        related_name="tenants",
        limit_choices_to={"level": "kreis", "valid_until__isnull": True},
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(
        _("demo district"),
        default=False,
        help_text=_("Demo districts carry synthetic data and say so on every page."),
    )
    require_two_factor = models.BooleanField(
        _("require two-factor authentication"),
        default=False,
        help_text=_("Members must sign in with a one-time code from an authenticator app."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = DistrictQuerySet.as_manager()

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["kreis"], name="district_one_per_kreis")]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """A funding programme or network of districts, read by its programme office."""

    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    districts = models.ManyToManyField(
        District, verbose_name=_("districts"), related_name="programmes", blank=True
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    class Kind(models.TextChoices):
        INTEGRATION_OFFICE = "integration_office", _("Integration office")
        IMMIGRATION_AUTHORITY = "immigration_authority", _("Immigration authority")
        JOBCENTER = "jobcenter", _("Jobcenter")
        YOUTH_WELFARE = "youth_welfare", _("Youth welfare office")
        SOCIAL_WELFARE = "social_welfare", _("Social welfare office")
        ADULT_EDUCATION = "adult_education", _("Adult education centre")
        HEALTH = "health", _("Public health office")
        SCHOOLS = "schools", _("School office")
        PARTNER = "partner", _("External partner")
        OTHER = "other", _("Other office")

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.CASCADE, related_name="offices"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["district", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="office_unique_name",
                violation_error_message=_("This district has an office of this name already."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_external(self) -> bool:
        return self.kind == self.Kind.PARTNER


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True)


class Membership(models.Model):
    """A user's role in a district (optionally in one office), or in a programme."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["district", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role=Role.PROGRAMME_OFFICE)
                    & Q(programme__isnull=False)
                    & Q(district__isnull=True)
                    & Q(office__isnull=True)
                )
                | (
                    ~Q(role=Role.PROGRAMME_OFFICE)
                    & Q(district__isnull=False)
                    & Q(programme__isnull=True)
                ),
                name="membership_scope_matches_role",
            ),
            models.UniqueConstraint(
                fields=["user", "district", "role"],
                condition=Q(office__isnull=True, district__isnull=False),
                name="membership_unique_district_role",
            ),
            models.UniqueConstraint(
                fields=["user", "district", "office", "role"],
                condition=Q(office__isnull=False),
                name="membership_unique_office_role",
            ),
            models.UniqueConstraint(
                fields=["user", "programme"],
                condition=Q(programme__isnull=False),
                name="membership_unique_programme",
            ),
        ]

    def __str__(self) -> str:
        scope = self.district or self.programme
        return f"{self.user} – {self.get_role_display()} – {scope}"

    def clean(self) -> None:
        if self.office is not None and self.office.district_id != self.district_id:
            raise ValidationError({"office": _("The office belongs to another district.")})
        if self.role == Role.OFFICE_CLERK and self.office_id is None:
            raise ValidationError({"office": _("An office clerk works in an office; choose one.")})
