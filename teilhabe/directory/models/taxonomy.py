"""Taxonomy terms: categories of offers, target groups, languages, accessibility features.

The standard vocabulary ships with Teilhabe (``teilhabe.directory.vocabulary``) and is
loaded by a data migration; a district may add its own terms. Labels of standard terms
come from the translation catalogues (every public language); a district's own terms
carry their German name and optional translations.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Vocabulary(models.TextChoices):
    CATEGORY = "category", _("Category")
    TARGET_GROUP = "target_group", _("Target group")
    LANGUAGE = "language", _("Language")
    ACCESSIBILITY = "accessibility", _("Accessibility")
    TOPIC = "topic", _("Topic")


class TaxonomyTerm(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vocabulary = models.CharField(_("vocabulary"), max_length=20, choices=Vocabulary.choices)
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    names = models.JSONField(_("names in other languages"), default=dict, blank=True)
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for Teilhabe's standard vocabulary."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        ordering = ["vocabulary", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["vocabulary", "code"],
                condition=Q(district__isnull=True),
                name="directory_term_standard_unique",
            ),
            models.UniqueConstraint(
                fields=["vocabulary", "code", "district"],
                condition=Q(district__isnull=False),
                name="directory_term_district_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The term's name in the active language."""
        from teilhabe.directory.vocabulary import standard_label

        if self.district_id is None:
            known = standard_label(self.vocabulary, self.code)
            if known:
                return known
        lang = (get_language() or "de").split("-")[0]
        return str(self.names.get(lang) or self.name)
