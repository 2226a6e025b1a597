"""Back-office forms (parsing only; the rules are in the services)."""
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from shared_apps.core.uploads import ImageUploadField
from tenant_apps.people.models import StaffRole


class ColorInput(forms.TextInput):
    input_type = "color"


class BrandForm(forms.Form):
    name = forms.CharField(label=_("Company name"), max_length=100)
    primary_color = forms.RegexField(label=_("Main colour"), regex=r"^#[0-9a-fA-F]{6}$", widget=ColorInput)
    accent_color = forms.RegexField(label=_("Accent colour"), regex=r"^#[0-9a-fA-F]{6}$", widget=ColorInput)
    default_language = forms.ChoiceField(label=_("Default language of your site"), choices=settings.LANGUAGES)
    logo = ImageUploadField(label=_("Logo"), required=False,
                            help_text=_("PNG, JPEG or WebP, square works best."))


class StaffInviteForm(forms.Form):
    phone = forms.CharField(label=_("Mobile number"), max_length=32,
                            widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}))
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices, initial=StaffRole.WORKER)


class StaffChangeForm(forms.Form):
    role = forms.ChoiceField(choices=StaffRole.choices, required=False)
    is_active = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1",
                                       required=False, empty_value=None)
