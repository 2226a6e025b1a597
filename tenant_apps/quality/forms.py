"""Forms of the quality pages: a sanction the office issues, the worker's appeal, its decision."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SanctionGround, SanctionLevel

MAX_TEXT = 2000


class SanctionForm(forms.Form):
    worker = forms.TypedChoiceField(label=_("Worker"), coerce=int)
    level = forms.TypedChoiceField(label=_("Step"), choices=SanctionLevel.choices, coerce=int)
    ground = forms.ChoiceField(label=_("Ground"), choices=SanctionGround.choices)
    metric = forms.CharField(label=_("Metric"), max_length=100, required=False,
                             help_text=_("What was measured, e.g. credit score, late arrivals in 30 days."))
    threshold = forms.DecimalField(label=_("Threshold"), max_digits=8, decimal_places=2, required=False)
    value = forms.DecimalField(label=_("Value"), max_digits=8, decimal_places=2, required=False)
    note = forms.CharField(label=_("What happened"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [(w.pk, w.staff_member.display_name) for w in workers]


class AppealForm(forms.Form):
    statement = forms.CharField(label=_("Why the sanction is wrong"), max_length=4000,
                                widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.CharField(label=_("Evidence (order numbers, times, what shows it)"), max_length=4000,
                               required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    upheld = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "1", choices=[
        ("1", _("Uphold the appeal: overturn the sanction")), ("0", _("Reject the appeal: the sanction stands"))],
        widget=forms.RadioSelect)
    decision = forms.CharField(label=_("Reason"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2}))
