"""Customer forms (parsing only: the people services check and save)."""
from django import forms
from django.utils.translation import gettext_lazy as _

ADDRESS_FIELDS = ("label", "line", "building", "zone", "district", "contact_name", "contact_phone")


class AddressForm(forms.Form):
    """A new saved address. The district is chosen from the company's service zones (a company
    without zones gets a free-text district); nobody types coordinates."""

    label = forms.CharField(label=_("Label"), max_length=40, required=False,
                            widget=forms.TextInput(attrs={"placeholder": _("Home, Office…")}))
    line = forms.CharField(label=_("Street address"), max_length=255,
                           error_messages={"required": _("Give the street address.")},
                           widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    building = forms.CharField(label=_("Building, room"), max_length=100, required=False)
    zone = forms.TypedChoiceField(label=_("District"), coerce=int, empty_value=None,
                                  error_messages={"required": _("Choose your district.")})
    district = forms.CharField(label=_("District"), max_length=100, required=False,
                               widget=forms.TextInput(attrs={"autocomplete": "address-level3"}))
    contact_name = forms.CharField(label=_("Contact name"), max_length=100,
                                   widget=forms.TextInput(attrs={"autocomplete": "name"}))
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20,
                                    widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))

    def __init__(self, *args, zones: list[tuple[int, str]] = (), **kwargs):
        """`zones`: (id, name) of the company's service zones (catalog's `zone_choices()`)."""
        super().__init__(*args, **kwargs)
        zones = list(zones)
        if zones:
            del self.fields["district"]
            self.fields["zone"].choices = [("", _("Choose your district")), *zones]
        else:
            del self.fields["zone"]

    def address_input(self):
        from .services import AddressInput

        data = self.cleaned_data
        return AddressInput(line=data.get("line", ""), building=data.get("building", ""), label=data.get("label", ""),
                            zone_id=data.get("zone"), district=data.get("district", ""),
                            contact_name=data.get("contact_name", ""), contact_phone=data.get("contact_phone", ""))
