"""Exam authoring forms (parsing only; the rules are in services)."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.selectors import companies

from .models import QuestionKind
from .services import ExamInput, QuestionInput


class ExamForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    skill = forms.CharField(label=_("Skill certified"), max_length=60)
    level = forms.IntegerField(label=_("Level a pass gives"), min_value=1, max_value=5, initial=1)
    company = forms.TypedChoiceField(label=_("For"), coerce=int, empty_value=None, required=False)
    questions_per_attempt = forms.IntegerField(label=_("Questions per attempt"), min_value=1, initial=10)
    time_limit_minutes = forms.IntegerField(label=_("Time limit (minutes)"), min_value=1, initial=30)
    pass_mark = forms.IntegerField(label=_("Pass mark (%)"), min_value=1, max_value=100, initial=60)
    max_attempts = forms.IntegerField(label=_("Attempts allowed"), min_value=1, initial=3)
    cooldown_hours = forms.IntegerField(label=_("Hours between attempts"), min_value=0, initial=24)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].choices = [("", _("Every worker (platform exam)"))] + [
            (c.pk, c.name) for c in companies().order_by("name")]

    def to_input(self) -> ExamInput:
        data = self.cleaned_data
        return ExamInput(title=data["title"], skill=data["skill"], level=data["level"], company_id=data["company"],
                         questions_per_attempt=data["questions_per_attempt"],
                         time_limit_minutes=data["time_limit_minutes"], pass_mark=data["pass_mark"],
                         max_attempts=data["max_attempts"], cooldown_hours=data["cooldown_hours"])


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    choices = forms.CharField(
        label=_("Choices"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line; start the right answers with *. Not needed for true or false."))
    is_true = forms.BooleanField(label=_("The statement is true"), required=False,
                                 help_text=_("For true or false questions only."))

    def to_input(self) -> QuestionInput:
        data = self.cleaned_data
        if data["kind"] == QuestionKind.TRUE_FALSE:
            return QuestionInput(kind=data["kind"], text=data["text"], choices=[("True", data["is_true"])])
        choices = []
        for line in data["choices"].splitlines():
            line = line.strip()
            if line:
                choices.append((line.lstrip("*").strip(), line.startswith("*")))
        return QuestionInput(kind=data["kind"], text=data["text"], choices=choices)
