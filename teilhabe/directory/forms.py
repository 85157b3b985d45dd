"""Forms of the office side (German and English)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.areas.models import Area
from teilhabe.core.lang import language_choices, public_languages
from teilhabe.directory.models import (
    Activity,
    CalendarSubscription,
    Event,
    Location,
    Organisation,
    Relationship,
    Schedule,
    Service,
    TaxonomyTerm,
    Translation,
    Vocabulary,
)
from teilhabe.directory.safety import http_url_validator
from teilhabe.districts.models import District

TAXONOMY = {
    "categories": "category",
    "target_groups": "target_group",
    "languages": "language",
    "topics": "topic",
    "accessibility": "accessibility",
}


def https_urls(field: Any, **kwargs: Any) -> Any:
    """Model form fields; addresses typed without a scheme are taken as https."""
    from django.db import models

    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class TermChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: TaxonomyTerm) -> str:
        return obj.label


class EntryForm(forms.ModelForm):
    """Model form for an entry of one district: taxonomy fields as checkboxes over the
    standard and the district's own terms; related entries limited to the district."""

    formfield_callback = https_urls

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.district = district
        for name, vocabulary in TAXONOMY.items():
            if name in self.fields:
                self.fields[name] = TermChoiceField(
                    queryset=TaxonomyTerm.objects.filter(
                        Q(district__isnull=True) | Q(district=district), vocabulary=vocabulary
                    ).order_by("position", "name"),
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    label=self.fields[name].label,
                )
        for name, model in (("organisation", Organisation), ("location", Location)):
            if name in self.fields:
                cast(forms.ModelChoiceField, self.fields[name]).queryset = model.objects.filter(
                    district=district
                ).order_by("name")
        if "gemeinde" in self.fields:
            cast(forms.ModelChoiceField, self.fields["gemeinde"]).queryset = (
                Area.objects.gemeinden().current().filter(parent=district.kreis).order_by("name")
            )

    def split(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """(plain field values, taxonomy terms) for the services."""
        data = dict(self.cleaned_data)
        m2m = {name: list(data.pop(name)) for name in TAXONOMY if name in data}
        return data, m2m


class OrganisationForm(EntryForm):
    class Meta:
        formfield_callback = https_urls
        model = Organisation
        fields = [
            "name",
            "alternate_name",
            "kind",
            "description",
            "email",
            "website",
            "legal_status",
            "target_groups",
            "topics",
            "languages",
            "owner_email",
            "verified",
            "verified_emails",
            "notes",
            "state",
            "source_language",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "verified_emails": forms.Textarea(attrs={"rows": 2}),
        }


class ServiceForm(EntryForm):
    locations = forms.ModelMultipleChoiceField(
        queryset=Location.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("places"),
    )

    class Meta:
        formfield_callback = https_urls
        model = Service
        fields = [
            "organisation",
            "name",
            "description",
            "status",
            "attending_type",
            "categories",
            "target_groups",
            "languages",
            "free_of_charge",
            "fees_description",
            "eligibility_description",
            "application_process",
            "minimum_age",
            "maximum_age",
            "capacity",
            "capacity_available",
            "email",
            "url",
            "owner_email",
            "state",
            "source_language",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in ("fees_description", "eligibility_description", "application_process")
        }
        widgets["description"] = forms.Textarea(attrs={"rows": 5})

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, district=district, **kwargs)
        cast(forms.ModelChoiceField, self.fields["locations"]).queryset = Location.objects.filter(
            district=district
        ).order_by("name")
        if self.instance.pk:
            self.initial["locations"] = list(self.instance.locations.all())

    def split(self) -> tuple[dict[str, Any], dict[str, Any]]:
        data, m2m = super().split()
        data.pop("locations", None)
        return data, m2m


class LocationForm(EntryForm):
    class Meta:
        formfield_callback = https_urls
        model = Location
        fields = [
            "name",
            "kind",
            "organisation",
            "description",
            "address_1",
            "address_2",
            "postal_code",
            "city",
            "gemeinde",
            "latitude",
            "longitude",
            "url",
            "transportation",
            "accessibility",
            "accessibility_description",
            "owner_email",
            "state",
            "source_language",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in ("description", "transportation", "accessibility_description")
        }


class EventForm(EntryForm):
    class Meta:
        formfield_callback = https_urls
        model = Event
        fields = [
            "title",
            "description",
            "organisation",
            "location",
            "status",
            "start",
            "end",
            "all_day",
            "timezone",
            "rrule",
            "exdates",
            "attending_type",
            "online_url",
            "registration_url",
            "capacity",
            "free_of_charge",
            "categories",
            "target_groups",
            "languages",
            "owner_email",
            "state",
            "source_language",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "start": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "end": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }


class RelationshipForm(forms.ModelForm):
    class Meta:
        formfield_callback = https_urls
        model = Relationship
        fields = ["kind", "target", "valid_from", "valid_until", "note"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(
        self, *args: Any, district: District, exclude_pk: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        qs = Organisation.objects.filter(district=district).order_by("name")
        if exclude_pk:
            qs = qs.exclude(pk=exclude_pk)
        cast(forms.ModelChoiceField, self.fields["target"]).queryset = qs


class ScheduleForm(forms.ModelForm):
    class Meta:
        formfield_callback = https_urls
        model = Schedule
        fields = [
            "freq",
            "byday",
            "opens_at",
            "closes_at",
            "by_appointment",
            "valid_from",
            "valid_to",
            "description",
        ]
        widgets = {
            "opens_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class ContactForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200, required=False)
    title = forms.CharField(label=pgettext_lazy("contact", "role"), max_length=200, required=False)
    department = forms.CharField(label=_("department"), max_length=200, required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)
    phone = forms.CharField(label=_("phone"), max_length=40, required=False)
    phone_languages = forms.CharField(
        label=_("languages on this line"), max_length=100, required=False, help_text="de,ar,tr"
    )
    is_public = forms.BooleanField(label=_("show on public pages"), required=False, initial=True)


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("language"))
    field = forms.ChoiceField(label=_("field"))
    text = forms.CharField(
        label=_("text"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    status = forms.ChoiceField(
        label=_("status"),
        choices=[
            (Translation.Status.NOT_REVIEWED, _("not reviewed")),
            (Translation.Status.REVIEWED, _("reviewed")),
        ],
    )

    def __init__(
        self, *args: Any, fields: tuple[str, ...], languages: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["field"]).choices = [(f, f) for f in fields]
        cast(forms.ChoiceField, self.fields["language"]).choices = languages


class ActivityForm(forms.ModelForm):
    class Meta:
        formfield_callback = https_urls
        model = Activity
        fields = [
            "kind",
            "happened_on",
            "subject",
            "organisations",
            "notes",
            "agreement",
            "follow_up_on",
            "follow_up_by",
        ]
        widgets = {
            "happened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "follow_up_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "organisations": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 4}),
            "agreement": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, district: District, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organisations"]
        ).queryset = Organisation.objects.filter(district=district).order_by("name")
        cast(forms.ModelChoiceField, self.fields["follow_up_by"]).queryset = staff


class SubscriptionForm(forms.ModelForm):
    formfield_callback = https_urls

    class Meta:
        formfield_callback = https_urls
        model = CalendarSubscription
        fields = ["name", "url", "organisation", "categories", "publish_directly", "is_active"]

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organisation"]
        ).queryset = Organisation.objects.filter(district=district).order_by("name")
        self.fields["categories"] = TermChoiceField(
            queryset=TaxonomyTerm.objects.filter(
                Q(district__isnull=True) | Q(district=district), vocabulary="category"
            ),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=_("categories of its events"),
        )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("file (CSV or XLSX)"))


class UrlImportForm(forms.Form):
    url = forms.URLField(label=_("address"), validators=[http_url_validator], assume_scheme="https")


class HsdsImportForm(forms.Form):
    file = forms.FileField(label=_("HSDS file (JSON, or the CSV package as ZIP)"))


class LogoForm(forms.Form):
    logo = forms.ImageField(label=_("logo"), required=False)
    remove = forms.BooleanField(label=_("remove the logo"), required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("reason (sent to the submitter)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class HideForm(forms.Form):
    reason = forms.CharField(label=pgettext_lazy("moderation", "reason"), max_length=1000)


class TermForm(forms.Form):
    """One of the district's own terms, with its name in the public languages."""

    vocabulary = forms.ChoiceField(label=_("vocabulary"), choices=Vocabulary.choices)
    name = forms.CharField(label=_("name (German)"), max_length=120)
    code = forms.SlugField(
        label=_("code"),
        max_length=60,
        required=False,
        help_text=_("Letters, digits and hyphens; made from the name if left empty."),
    )
    position = forms.IntegerField(
        label=_("position in lists"),
        min_value=0,
        max_value=999,
        initial=100,
        help_text=_("Smaller numbers come first; standard terms have 10 to 200."),
    )

    def __init__(self, *args: Any, term: TaxonomyTerm | None = None, **kwargs: Any) -> None:
        if term is not None:
            kwargs.setdefault(
                "initial",
                {
                    "vocabulary": term.vocabulary,
                    "name": term.name,
                    "code": term.code,
                    "position": term.position,
                    **{f"name_{lang}": text for lang, text in term.names.items()},
                },
            )
        super().__init__(*args, **kwargs)
        for choice in language_choices(public_languages()):
            code = str(choice["code"])
            if code == "de":
                continue
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("name in %(language)s") % {"language": choice["name_local"]},
                max_length=120,
                required=False,
            )
        if term is not None:
            # Code and vocabulary identify the term in filters, feeds and exports.
            for fixed in ("vocabulary", "code"):
                self.fields[fixed].disabled = True
                self.fields[fixed].required = False

    def names(self) -> dict[str, str]:
        return {
            key.removeprefix("name_"): value
            for key, value in self.cleaned_data.items()
            if key.startswith("name_") and value
        }
