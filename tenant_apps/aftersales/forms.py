"""Forms of the after-sales pages: the customer's report and answers, the office's mediation."""
from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from shared_apps.core.uploads import ImageUploadField

from .models import CaseStatus, CostBearer, NoteVisibility, ProblemCategory, RemedyKind, Severity


class ReportForm(forms.Form):
    category = forms.ChoiceField(label=_("What went wrong?"), choices=ProblemCategory.choices)
    severity = forms.ChoiceField(label=_("How serious is it?"), choices=Severity.choices, initial=Severity.MEDIUM)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    photo1 = ImageUploadField(label=_("Photo"), required=False)
    photo2 = ImageUploadField(label=_("Another photo"), required=False)
    photo3 = ImageUploadField(label=_("Another photo"), required=False)

    def photos(self) -> list:
        return [self.cleaned_data[name] for name in ("photo1", "photo2", "photo3") if self.cleaned_data.get(name)]


class CustomerNoteForm(forms.Form):
    text = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                             required=False)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=NoteVisibility.choices,
                                   initial=NoteVisibility.OFFICE)


class AskForm(forms.Form):
    question = forms.CharField(label=_("Question for the customer"), widget=forms.Textarea(attrs={"rows": 2}),
                               max_length=2000)


class RemedyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Remedy"), choices=RemedyKind.choices)
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=10, decimal_places=2, required=False,
                                help_text=_("The refund or credit; for a follow-up visit, its value charged to "
                                            "who bears the cost (leave empty for none)."))
    bearer = forms.ChoiceField(label=_("Who bears the cost"), choices=CostBearer.choices, initial=CostBearer.COMPANY)
    note = forms.CharField(label=_("Note for the customer"), widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=2000, required=False)

    def amount_fen(self) -> int:
        amount = self.cleaned_data.get("amount")
        return int(amount * 100) if amount is not None else 0


class FollowUpForm(forms.Form):
    start = forms.ChoiceField(label=_("Time of the follow-up visit"), choices=())

    def __init__(self, *args, starts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].choices = [(s.isoformat(), label) for s, label in starts]


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("active", _("Not closed")), ("", _("Any")), *CaseStatus.choices])
    category = forms.ChoiceField(label=_("Problem"), required=False, choices=[("", _("Any")), *ProblemCategory.choices])
    sla = forms.ChoiceField(label=_("SLA"), required=False,
                            choices=[("", _("Any")), ("breached", _("Breached")), ("on_time", _("On time"))])
    escalated = forms.BooleanField(label=_("Escalated only"), required=False)


class WindowForm(forms.Form):
    category = forms.IntegerField(widget=forms.HiddenInput)
    hours = forms.IntegerField(label=_("Hours to report a problem"), min_value=1, max_value=24 * 90, required=False)


class ClaimForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount claimed"), min_value=Decimal("0.01"), max_digits=10, decimal_places=2)

    def amount_fen(self) -> int:
        return int(self.cleaned_data["amount"] * 100)
