"""Payment settings forms (parsing only; the rules are in the services). Secret credentials are never
rendered back into a form, not even the one that was just refused."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .methods import ONLINE
from .models import AccountMode, DepositPolicy, Method
from .selectors import PaymentSettingsState

SANDBOX_CHOICES = [("sandbox", _("Sandbox: test payments, no real money")),
                   ("live", _("Live: real payments to our accounts"))]


class SecretTextarea(forms.Textarea):
    """A textarea that never shows its value (PasswordInput's render_value=False, for PEM keys)."""

    def format_value(self, value):
        return None


class PaymentSettingsForm(forms.Form):
    """Sandbox or live, the deposit, and per method: accepted, through which account."""

    environment = forms.ChoiceField(label=_("Where payments go"), choices=SANDBOX_CHOICES, widget=forms.RadioSelect)
    deposit_policy = forms.ChoiceField(label=_("Deposit policy"), choices=DepositPolicy.choices)
    deposit_percent = forms.IntegerField(label=_("Deposit at booking"), required=False,
                                         help_text=_("Percent of the total, 1 to 99; the rest is paid after the "
                                                     "visit."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for method, label in Method.choices:
            self.fields[f"{method}_enabled"] = forms.BooleanField(
                label=_("Accept %(method)s") % {"method": label}, required=False)
            if method in ONLINE:
                self.fields[f"{method}_account"] = forms.ChoiceField(
                    label=_("%(method)s account") % {"method": label}, choices=AccountMode.choices)
                self.fields[f"{method}_sub_merchant_id"] = forms.CharField(
                    label=_("%(method)s sub-merchant ID") % {"method": label}, max_length=64, required=False,
                    help_text=ONLINE[method].sub_merchant_help)

    def groups(self) -> list[tuple[str, list]]:
        """The fields by topic, for the page: sandbox or live, the deposit, then one group per method."""
        groups = [(_("Sandbox or live"), [self["environment"]]),
                  (_("Deposit"), [self["deposit_policy"], self["deposit_percent"]])]
        for method, label in Method.choices:
            names = [f"{method}_enabled"] + ([f"{method}_account", f"{method}_sub_merchant_id"] if method in ONLINE
                                             else [])
            groups.append((label, [self[name] for name in names]))
        return groups

    @classmethod
    def initial_from(cls, state: PaymentSettingsState) -> dict:
        initial = {"environment": "sandbox" if state.use_sandbox else "live", "deposit_policy": state.deposit_policy,
                   "deposit_percent": state.deposit_percent}
        for m in state.methods:
            initial[f"{m.method}_enabled"] = m.is_enabled
            if m.is_online:
                initial[f"{m.method}_account"] = m.mode
                initial[f"{m.method}_sub_merchant_id"] = m.sub_merchant_id
        return initial

    def methods(self) -> dict[str, dict]:
        data = self.cleaned_data
        chosen = {}
        for method in Method.values:
            chosen[method] = {"is_enabled": data[f"{method}_enabled"]}
            if method in ONLINE:
                chosen[method]["mode"] = data[f"{method}_account"]
                chosen[method]["sub_merchant_id"] = data[f"{method}_sub_merchant_id"]
        return chosen

    def service_field_map(self) -> dict[str, str]:
        """The service's error keys -> this form's fields."""
        mapping = {}
        for method in Method.values:
            mapping[f"{method}.sub_merchant_id"] = f"{method}_sub_merchant_id"
            mapping[f"{method}.mode"] = f"{method}_account"
            mapping[f"{method}.credentials"] = f"{method}_enabled"
        mapping["use_sandbox"] = "environment"
        return mapping


class CredentialsForm(forms.Form):
    """One online method's credentials: each blank field keeps what is stored."""

    def __init__(self, *args, method: str, state: PaymentSettingsState, **kwargs):
        super().__init__(*args, prefix=method, **kwargs)
        current = {c.name: c for c in state.method(method).credentials}
        for spec in ONLINE[method].fields:
            if spec.secret:
                widget = SecretTextarea(attrs={"rows": 4, "autocomplete": "off", "spellcheck": "false"}) \
                    if spec.multiline else forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=False)
            else:
                widget = forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}) if spec.multiline \
                    else forms.TextInput(attrs={"autocomplete": "off"})
            held = current[spec.name]
            status = (_("Set, ends in …%(end)s. Leave blank to keep it.") % {"end": held.ends_with}) if held.is_set \
                else _("Not set.")
            help_text = f"{status} {spec.help}".strip()
            self.fields[spec.name] = forms.CharField(label=spec.label, required=False, widget=widget,
                                                     max_length=20_000, help_text=help_text, strip=True)
