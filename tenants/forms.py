"""The company sign-up form (parsing only; sign_up_company holds the rules)."""
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Vertical


class CompanySignUpForm(forms.Form):
    name = forms.CharField(label=_("Company name"), max_length=100,
                           widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    slug = forms.CharField(label=_("Your site's address"), max_length=63,
                           widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false",
                                                         "placeholder": "sparkle"}))
    vertical = forms.ChoiceField(label=_("What you do"), choices=Vertical.choices, initial=Vertical.HOUSEKEEPING)
    language = forms.ChoiceField(label=_("Language of your site"), choices=settings.LANGUAGES)
    owner_name = forms.CharField(label=_("Your name"), max_length=100, required=False,
                                 widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(label=_("Your mobile number"), max_length=32, required=False,
                            help_text=_("A mobile number or an email is needed; give both if you can."),
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}))
    email = forms.CharField(label=_("Your email"), max_length=254, required=False,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(label=_("Choose a password"), max_length=128, strip=False,
                               help_text=_("At least 8 characters, not a common one."),
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    # The service's field keys -> this form's fields.
    SERVICE_FIELDS = {"owner.phone": "phone", "owner.email": "email", "owner.password": "password",
                      "owner.name": "owner_name"}
