"""Console forms (parsing only)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from shared_apps.accounts.models import UserStatus
from tenants.models import CompanyStatus


class CompanyStatusForm(forms.Form):
    status = forms.ChoiceField(choices=CompanyStatus.choices)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("Phone, email or name"), max_length=254, required=False,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))


class UserStatusForm(forms.Form):
    status = forms.ChoiceField(choices=UserStatus.choices)
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)
