"""Forms of the public site. Every label is a public string (every public language)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import pgettext_lazy

from teilhabe.areas.models import Area
from teilhabe.directory.models import AttendingType, Organisation, Report, TaxonomyTerm
from teilhabe.directory.safety import clean_text, http_url_validator
from teilhabe.directory.selectors.public import KINDS, SearchParams
from teilhabe.directory.spam import form_stamp, stamp_problem


def _term_choices(terms: list[TaxonomyTerm], vocabulary: str) -> list[tuple[str, str]]:
    return [(t.code, t.label) for t in terms if t.vocabulary == vocabulary]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=pgettext_lazy("public", "What are you looking for?"), required=False, max_length=200
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("public", "Show"),
        required=False,
        choices=[
            ("service", pgettext_lazy("public", "Offers")),
            ("event", pgettext_lazy("public", "Events")),
            ("organisation", pgettext_lazy("public", "Organisations")),
        ],
        widget=forms.RadioSelect,
    )
    category = forms.MultipleChoiceField(
        label=pgettext_lazy("public", "Category"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target = forms.MultipleChoiceField(
        label=pgettext_lazy("public", "For whom"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.MultipleChoiceField(
        label=pgettext_lazy("public", "Language of the offer"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    gemeinde = forms.ChoiceField(
        label=pgettext_lazy("public", "Town or municipality"), required=False
    )
    near = forms.ChoiceField(label=pgettext_lazy("public", "Near"), required=False)
    radius = forms.TypedChoiceField(
        label=pgettext_lazy("public", "Distance"),
        required=False,
        coerce=int,
        empty_value=10,  # type: ignore[arg-type]
        choices=[(5, "5 km"), (10, "10 km"), (20, "20 km"), (50, "50 km")],
    )
    date_from = forms.DateField(
        label=pgettext_lazy("public", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=pgettext_lazy("public", "Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    free = forms.BooleanField(label=pgettext_lazy("public", "Free of charge"), required=False)
    accessible = forms.BooleanField(
        label=pgettext_lazy("public", "Step-free access"), required=False
    )
    mode = forms.ChoiceField(
        label=pgettext_lazy("public", "How"),
        required=False,
        choices=[
            ("", pgettext_lazy("public", "In person or online")),
            (AttendingType.IN_PERSON, pgettext_lazy("public", "In person")),
            (AttendingType.ONLINE, pgettext_lazy("public", "Online")),
        ],
    )
    page = forms.IntegerField(
        required=False, min_value=1, max_value=10_000, widget=forms.HiddenInput
    )

    def __init__(
        self, *args: Any, terms: list[TaxonomyTerm], gemeinden: list[Area], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = _term_choices(terms, "category")
        cast(forms.ChoiceField, self.fields["target"]).choices = _term_choices(
            terms, "target_group"
        )
        cast(forms.ChoiceField, self.fields["language"]).choices = _term_choices(terms, "language")
        places = [("", pgettext_lazy("public", "Whole district"))] + [
            (g.code, g.name) for g in gemeinden
        ]
        cast(forms.ChoiceField, self.fields["gemeinde"]).choices = places
        cast(forms.ChoiceField, self.fields["near"]).choices = [("", "–")] + [
            (g.code, g.name) for g in gemeinden
        ]

    def params(self) -> SearchParams:
        data = self.cleaned_data if self.is_valid() else {}
        kind = data.get("kind") or "service"
        return SearchParams(
            q=(data.get("q") or "").strip(),
            kind=kind if kind in KINDS else "service",
            categories=tuple(data.get("category") or ()),
            target_groups=tuple(data.get("target") or ()),
            languages=tuple(data.get("language") or ()),
            gemeinde=data.get("gemeinde") or "",
            near=data.get("near") or "",
            radius_km=data.get("radius") or 10,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            free=bool(data.get("free")),
            accessible=bool(data.get("accessible")),
            mode=data.get("mode") or "",
            page=data.get("page") or 1,
        )


class ProtectedForm(forms.Form):
    """Honeypot and minimum fill time (see ``spam``); no cookies involved."""

    homepage = forms.CharField(
        label=pgettext_lazy("public", "Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    stamp = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["stamp"] = form_stamp()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("homepage"):
            raise ValidationError(
                pgettext_lazy("public", "Your message looks automated and was not sent."),
                code="honeypot",
            )
        problem = stamp_problem(data.get("stamp") or "")
        if problem == "too_fast":
            raise ValidationError(
                pgettext_lazy(
                    "public",
                    "That was very fast. Please check your entries and send the form again.",
                ),
                code="too_fast",
            )
        if problem:
            raise ValidationError(
                pgettext_lazy("public", "The form has expired. Please send it again."),
                code="expired",
            )
        for key, value in list(data.items()):
            data[key] = clean_text(value)
        return data

    def renew_stamp(self) -> None:
        """After a refusal, the form shown again carries a fresh time stamp."""
        data = self.data.copy()  # type: ignore[attr-defined]
        data["stamp"] = form_stamp()
        self.data = data


class ReportForm(ProtectedForm):
    reason = forms.ChoiceField(
        label=pgettext_lazy("public", "What is the problem?"),
        widget=forms.RadioSelect,
        choices=[
            (Report.Reason.WRONG, pgettext_lazy("public", "The information is wrong")),
            (Report.Reason.OUTDATED, pgettext_lazy("public", "The information is outdated")),
            (Report.Reason.OFFENSIVE, pgettext_lazy("public", "The content is offensive")),
            (Report.Reason.SPAM, pgettext_lazy("public", "This is spam or advertising")),
        ],
    )
    message = forms.CharField(
        label=pgettext_lazy("public", "Details (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SubmitterFields(forms.Form):
    submitter_name = forms.CharField(
        label=pgettext_lazy("public", "Your name (optional)"), required=False, max_length=200
    )
    submitter_email = forms.EmailField(
        label=pgettext_lazy("public", "Your e-mail address"),
        help_text=pgettext_lazy(
            "public",
            "We send you a link to confirm the address. With the same link you can change your proposal later. "
            "The address is not published.",
        ),
    )
    consent = forms.BooleanField(
        label=pgettext_lazy(
            "public",
            "I agree that the district office stores my details to review and publish this proposal.",
        )
    )


def _url_field(label: Any) -> forms.URLField:
    return forms.URLField(
        label=label,
        required=False,
        max_length=500,
        validators=[http_url_validator],
        assume_scheme="https",
    )


class ProposalForm(ProtectedForm, SubmitterFields):
    """A proposed new event, offer or organisation; fields depend on the kind."""

    title = forms.CharField(label=pgettext_lazy("public", "Name"), max_length=200)
    description = forms.CharField(
        label=pgettext_lazy("public", "Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    organisation_kind = forms.ChoiceField(
        label=pgettext_lazy("public", "Type of organisation"), required=False
    )
    organiser = forms.CharField(
        label=pgettext_lazy("public", "Organised by"), required=False, max_length=200
    )
    start_date = forms.DateField(
        label=pgettext_lazy("public", "Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start_time = forms.TimeField(
        label=pgettext_lazy("public", "Begins at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end_time = forms.TimeField(
        label=pgettext_lazy("public", "Ends at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    repeat = forms.ChoiceField(
        label=pgettext_lazy("public", "Repeats"),
        required=False,
        choices=[
            ("", pgettext_lazy("public", "Only once")),
            ("WEEKLY", pgettext_lazy("public", "Every week")),
            ("MONTHLY", pgettext_lazy("public", "Every month")),
        ],
    )
    repeat_until = forms.DateField(
        label=pgettext_lazy("public", "Repeats until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    attending_type = forms.ChoiceField(
        label=pgettext_lazy("public", "How"),
        choices=[
            (AttendingType.IN_PERSON, pgettext_lazy("public", "In person")),
            (AttendingType.ONLINE, pgettext_lazy("public", "Online")),
            (AttendingType.HYBRID, pgettext_lazy("public", "In person and online")),
        ],
        initial=AttendingType.IN_PERSON,
    )
    place_name = forms.CharField(
        label=pgettext_lazy("public", "Place"), required=False, max_length=200
    )
    address = forms.CharField(
        label=pgettext_lazy("public", "Street and number"), required=False, max_length=200
    )
    postal_code = forms.CharField(
        label=pgettext_lazy("public", "Postcode"), required=False, max_length=10
    )
    gemeinde = forms.ChoiceField(
        label=pgettext_lazy("public", "Town or municipality"), required=False
    )
    online_url = _url_field(pgettext_lazy("public", "Link to join online"))
    url = _url_field(pgettext_lazy("public", "Website or registration link"))
    email = forms.EmailField(label=pgettext_lazy("public", "Public contact e-mail"), required=False)
    phone = forms.CharField(
        label=pgettext_lazy("public", "Public contact phone"), required=False, max_length=40
    )
    free_of_charge = forms.BooleanField(
        label=pgettext_lazy("public", "Free of charge"), required=False
    )
    categories = forms.MultipleChoiceField(
        label=pgettext_lazy("public", "Category"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.MultipleChoiceField(
        label=pgettext_lazy("public", "For whom"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=pgettext_lazy("public", "Languages"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    FIELDS_BY_KIND = {
        "event": {
            "title",
            "description",
            "organiser",
            "start_date",
            "start_time",
            "end_time",
            "repeat",
            "repeat_until",
            "attending_type",
            "place_name",
            "address",
            "postal_code",
            "gemeinde",
            "online_url",
            "url",
            "email",
            "phone",
            "free_of_charge",
            "categories",
            "target_groups",
            "languages",
        },
        "service": {
            "title",
            "description",
            "organiser",
            "attending_type",
            "place_name",
            "address",
            "postal_code",
            "gemeinde",
            "url",
            "email",
            "phone",
            "free_of_charge",
            "categories",
            "target_groups",
            "languages",
        },
        "organisation": {
            "title",
            "description",
            "organisation_kind",
            "address",
            "postal_code",
            "gemeinde",
            "url",
            "email",
            "phone",
            "target_groups",
            "languages",
        },
    }
    COMMON = {"homepage", "stamp", "submitter_name", "submitter_email", "consent"}

    def __init__(
        self, *args: Any, kind: str, terms: list[TaxonomyTerm], gemeinden: list[Area], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = self.FIELDS_BY_KIND[kind] | self.COMMON
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "categories" in self.fields:
            cast(forms.ChoiceField, self.fields["categories"]).choices = _term_choices(
                terms, "category"
            )
        if "target_groups" in self.fields:
            cast(forms.ChoiceField, self.fields["target_groups"]).choices = _term_choices(
                terms, "target_group"
            )
        if "languages" in self.fields:
            cast(forms.ChoiceField, self.fields["languages"]).choices = _term_choices(
                terms, "language"
            )
        if "gemeinde" in self.fields:
            cast(forms.ChoiceField, self.fields["gemeinde"]).choices = [("", "–")] + [
                (g.code, g.name) for g in gemeinden
            ]
        if "organisation_kind" in self.fields:
            cast(
                forms.ChoiceField, self.fields["organisation_kind"]
            ).choices = Organisation.Kind.choices
            self.fields["organisation_kind"].required = True
        if kind == "event":
            self.fields["start_date"].required = True
            self.fields["start_time"].required = True
        # The submitter-facing fields come last.
        order = [n for n in self.fields if n not in self.COMMON] + [
            "submitter_name",
            "submitter_email",
            "consent",
            "homepage",
            "stamp",
        ]
        self.order_fields(order)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.kind == "event":
            mode = data.get("attending_type")
            if mode in {AttendingType.ONLINE, AttendingType.HYBRID} and not data.get("online_url"):
                self.add_error(
                    "online_url", pgettext_lazy("public", "Give the link for joining online.")
                )
            if mode in {AttendingType.IN_PERSON, AttendingType.HYBRID} and not (
                data.get("place_name") or data.get("address")
            ):
                self.add_error(
                    "place_name", pgettext_lazy("public", "Say where the event takes place.")
                )
            if data.get("repeat") and not data.get("repeat_until"):
                self.add_error(
                    "repeat_until", pgettext_lazy("public", "Say until when the event repeats.")
                )
            start, end = data.get("start_time"), data.get("end_time")
            if start and end and end <= start:
                self.add_error(
                    "end_time", pgettext_lazy("public", "The end must be after the beginning.")
                )
        return data

    def proposal(self) -> dict[str, Any]:
        """The proposed content as JSON-safe values."""
        result: dict[str, Any] = {}
        for name in self.FIELDS_BY_KIND[self.kind]:
            value = self.cleaned_data.get(name)
            if value in (None, "", []):
                continue
            result[name] = value.isoformat() if hasattr(value, "isoformat") else value  # type: ignore[union-attr]
        return result


class CorrectionForm(ProtectedForm, SubmitterFields):
    title = forms.CharField(label=pgettext_lazy("public", "Name"), max_length=200)
    description = forms.CharField(
        label=pgettext_lazy("public", "Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    email = forms.EmailField(label=pgettext_lazy("public", "Public contact e-mail"), required=False)
    url = _url_field(pgettext_lazy("public", "Website or registration link"))
    message = forms.CharField(
        label=pgettext_lazy("public", "What should we change? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def proposal(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data.get(k) or ""
            for k in ("title", "description", "email", "url", "message")
        }
