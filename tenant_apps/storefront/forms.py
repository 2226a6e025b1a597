"""Storefront forms (parsing only)."""
from django import forms
from django.utils.translation import gettext_lazy as _


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=100, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
