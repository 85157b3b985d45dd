"""Forms of the surveys module (officers' side)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from teilhabe.surveys.engine import form as engine
from teilhabe.surveys.engine.form import Form
from teilhabe.surveys.models import Survey, Wave

#: The question types of the builder: (key, label, XLSForm type, appearance).
BUILDER_TYPES: list[tuple[str, Any, str, str]] = [
    ("text", _("Short text"), engine.TEXT, ""),
    ("long_text", _("Long text"), engine.TEXT, engine.LONG_TEXT_APPEARANCE),
    ("integer", _("Whole number"), engine.INTEGER, ""),
    ("decimal", _("Decimal number"), engine.DECIMAL, ""),
    ("date", _("Date"), engine.DATE, ""),
    ("single", _("Single choice"), engine.SELECT_ONE, ""),
    ("multiple", _("Multiple choice"), engine.SELECT_MULTIPLE, ""),
    ("rating", _("Rating scale (answers in a row)"), engine.SELECT_ONE, engine.RATING_APPEARANCE),
    ("range", _("Number scale (for example 0 to 10)"), engine.RANGE, ""),
    ("rank", _("Ranking"), engine.RANK, ""),
    ("note", _("Text only (no answer)"), engine.NOTE, ""),
    ("calculate", _("Calculated value"), engine.CALCULATE, ""),
    ("page", _("Page (group of questions)"), engine.GROUP, ""),
    ("matrix", _("Matrix (several items on one scale)"), engine.GROUP, engine.MATRIX_APPEARANCE),
    ("repeat", _("Repeated block (for example one per child)"), engine.REPEAT, ""),
]
TYPE_BY_KEY = {key: (kind, appearance) for key, _label, kind, appearance in BUILDER_TYPES}


def builder_type_of(element: dict[str, Any]) -> str:
    kind, appearance = element["type"], str(element.get("appearance", ""))
    for key, _label, t, a in BUILDER_TYPES:
        if t == kind and a and a in appearance:
            return key
    for key, _label, t, a in BUILDER_TYPES:
        if t == kind and not a:
            return key
    return "text"


def builder_type_label(element: dict[str, Any]) -> str:
    key = builder_type_of(element)
    return str(next(label for k, label, _t, _a in BUILDER_TYPES if k == key))


class SurveyCreateForm(forms.Form):
    START_CHOICES = [
        ("blank", _("An empty questionnaire")),
        ("living", _("Template: Living in our district")),
        ("children", _("Template: Children's well-being in shared accommodation")),
        ("xlsform", _("An XLSForm file (from KoBoToolbox, ODK or Excel)")),
    ]
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    start = forms.ChoiceField(
        label=_("Start from"), choices=START_CHOICES, widget=forms.RadioSelect, initial="blank"
    )
    file = forms.FileField(
        label=_("XLSForm file (.xlsx)"),
        required=False,
        help_text=_("Only needed when you start from an XLSForm file."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") == "xlsform" and not data.get("file"):
            self.add_error("file", _("Choose the XLSForm file."))
        if data.get("start") == "blank" and not data.get("title"):
            self.add_error("title", _("Give the survey a title."))
        upload = data.get("file")
        if upload is not None and upload.size > 10 * 1024 * 1024:
            self.add_error(
                "file", _("The file is larger than 10 MB; a questionnaire is never that large.")
            )
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("XLSForm file (.xlsx)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than 10 MB; a questionnaire is never that large.")
            )
        return upload


class SurveySettingsForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title",
            "slug",
            "description",
            "anonymous",
            "min_group_size",
            "access",
            "gemeinde_question",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, form: Form | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options: list[tuple[str, Any]] = [("", _("– none –"))]
        if form is not None:
            options += [
                (q["name"], f"{form.label(q, form.source_language)} ({q['name']})")
                for q in form.questions()
                if q["type"] == engine.SELECT_ONE
            ]
        self.fields["gemeinde_question"] = forms.ChoiceField(
            label=_("Question that asks for the Gemeinde"),
            choices=options,
            required=False,
            help_text=Survey._meta.get_field("gemeinde_question").help_text,
        )


class WaveForm(forms.ModelForm):
    class Meta:
        model = Wave
        fields = ["name", "opens_on", "closes_on"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"), choices=[(k, label) for k, label, _t, _a in BUILDER_TYPES]
    )
    label = forms.CharField(
        label=_("Question text"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    name = forms.CharField(
        label=_("Short name"),
        max_length=60,
        required=False,
        help_text=_(
            "Used in exports and in conditions as ${name}. Made from the text if left empty."
        ),
    )
    hint = forms.CharField(
        label=_("Hint"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    choices = forms.CharField(
        label=_("Answers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One answer per line. Write 'code = Answer' to choose the code yourself."),
    )
    parameters = forms.CharField(
        label=_("Scale"),
        required=False,
        help_text=_("For number scales: start=0 end=10 step=1"),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    required_message = forms.CharField(
        label=_("Message when the answer is missing"), required=False
    )
    relevant = forms.CharField(
        label=_("Show only if (condition)"),
        required=False,
        help_text=_("For example: ${has_children} = 'yes'"),
    )
    constraint = forms.CharField(
        label=_("Allowed answers (condition)"),
        required=False,
        help_text=_("For example: . >= 0 and . <= 120"),
    )
    constraint_message = forms.CharField(
        label=_("Message when the answer is not allowed"), required=False
    )
    calculation = forms.CharField(
        label=_("Calculation"),
        required=False,
        help_text=_("For calculated values, e.g. count(${child})"),
    )
    default = forms.CharField(label=_("Default answer"), required=False)
    choice_filter = forms.CharField(label=_("Filter the answers (condition)"), required=False)
    repeat_count = forms.CharField(
        label=_("Number of repetitions"),
        required=False,
        help_text=_("For repeated blocks, e.g. ${children}"),
    )
    parent = forms.ChoiceField(label=_("On the page"), required=False)

    def __init__(
        self, *args: Any, form: Form, editing: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.form = form
        self.editing = editing
        containers = [("", _("– on its own –"))] + [
            (e["name"], f"{form.label(e, form.source_language)} ({e['name']})")
            for e, _p in form.walk()
            if e["type"] in engine.CONTAINER_TYPES
            and (editing is None or e["name"] != editing["name"])
        ]
        self.fields["parent"].choices = containers  # type: ignore[attr-defined]
        if editing is not None:
            del self.fields["parent"]

    def clean_name(self) -> str:
        name = self.cleaned_data.get("name", "").strip()
        if name and not engine.NAME_PATTERN.match(name):
            raise forms.ValidationError(
                _("Use letters, digits and _ only, starting with a letter.")
            )
        taken = set(self.form.names()) - ({self.editing["name"]} if self.editing else set())
        if name and name in taken:
            raise forms.ValidationError(_("Another question has this short name."))
        return name

    def clean(self) -> dict[str, Any]:
        from teilhabe.surveys.engine.expressions import check

        data = super().clean() or {}
        kind = TYPE_BY_KEY.get(data.get("kind", ""), ("", ""))[0]
        if kind in engine.CHOICE_TYPES and not data.get("choices", "").strip():
            self.add_error("choices", _("Give at least one answer, one per line."))
        if kind not in (engine.CALCULATE,) and not data.get("label", "").strip():
            self.add_error("label", _("Write the question text."))
        if kind == engine.CALCULATE and not data.get("calculation", "").strip():
            self.add_error("calculation", _("Write the calculation."))
        names = set(self.form.names()) | {data.get("name", "")}
        for column in ("relevant", "constraint", "calculation", "repeat_count", "choice_filter"):
            expression = data.get(column, "").strip()
            if expression:
                problems = check(expression, names, choice_fields=column == "choice_filter")
                if problems:
                    from teilhabe.surveys.views.common import say

                    self.add_error(column, say(problems[0]))
        return data


class ExportForm(forms.Form):
    FORMATS = [("xlsx", _("Excel (.xlsx)")), ("csv", _("CSV (.csv)")), ("sav", _("SPSS (.sav)"))]
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, initial="xlsx")
    values = forms.ChoiceField(
        label=_("Answers as"),
        choices=[("labels", _("Answer texts")), ("codes", _("Codes"))],
        initial="labels",
    )
    language = forms.ChoiceField(label=_("Language of the texts"))

    def __init__(self, *args: Any, languages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = languages  # type: ignore[attr-defined]


class CodesForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of new codes"), min_value=1, max_value=5000, initial=50
    )


class MediaForm(forms.Form):
    file = forms.FileField(
        label=_("Picture or sound"),
        help_text=_("PNG, JPEG or WebP pictures; MP3, OGG, M4A or WAV sounds; at most 5 MB."),
    )


class LanguageAddForm(forms.Form):
    language = forms.ChoiceField(label=_("Add a language"))

    def __init__(self, *args: Any, existing: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from teilhabe.surveys.views.public import language_name

        codes = [code for code, _name in settings.LANGUAGES] + ["de-ls"]
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            (c, language_name(c)) for c in codes if c not in existing
        ]


class MeasureLinkForm(forms.Form):
    measure_label = forms.CharField(
        label=_("Measure"), max_length=200, help_text=_("For example: Intends to stay")
    )
    measure_key = forms.SlugField(
        label=_("Key of the measure"),
        max_length=80,
        help_text=_("As the monitoring names it, e.g. intends-to-stay"),
    )
    question = forms.ChoiceField(label=_("Question"))
    counted_choices = forms.MultipleChoiceField(
        label=_("Answers that count"), widget=forms.CheckboxSelectMultiple, required=False
    )
    per_gemeinde = forms.BooleanField(label=_("Also per Gemeinde"), required=False)

    def __init__(self, *args: Any, form: Form, question: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        questions = [
            q for q in form.questions() if q["type"] in (engine.SELECT_ONE, engine.SELECT_MULTIPLE)
        ]
        self.fields["question"].choices = [  # type: ignore[attr-defined]
            (q["name"], f"{form.label(q, form.source_language)} ({q['name']})") for q in questions
        ]
        chosen = next(
            (q for q in questions if q["name"] == question), questions[0] if questions else None
        )
        self.chosen = chosen
        self.fields["counted_choices"].choices = (  # type: ignore[attr-defined]
            [
                (c["name"], form.text(c, "label", form.source_language) or c["name"])
                for c in form.choices(chosen)
            ]
            if chosen
            else []
        )
