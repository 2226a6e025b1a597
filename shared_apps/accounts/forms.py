"""Sign-in forms. They only parse; the rules (codes, passwords, limits, bans) live in services."""
from django import forms
from django.utils.translation import gettext_lazy as _


class SendCodeForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile number"), max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel",
                                      "placeholder": "138 0013 8000"}),
    )


class SmsLoginForm(SendCodeForm):
    code = forms.CharField(
        label=_("Code from the SMS"), max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "pattern": "[0-9]*", "placeholder": "123456"}),
    )


class PasswordLoginForm(forms.Form):
    identifier = forms.CharField(
        label=_("Mobile number or email"), max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"), max_length=128, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
