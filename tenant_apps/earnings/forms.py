"""Forms of the earnings pages: amounts are typed in yuan and handed to services in fen."""
from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PayoutMethod, ShareKind


class YuanField(forms.DecimalField):
    """An amount in yuan with at most two decimals, cleaned to integer fen."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(max_digits=12, decimal_places=2, **kwargs)

    def clean(self, value):
        amount = super().clean(value)
        return None if amount is None else int(amount * 100)


class WithdrawForm(forms.Form):
    amount = YuanField(label=_("Amount (yuan)"), min_value=Decimal("0.01"))
    method = forms.ChoiceField(label=_("To"), choices=PayoutMethod.choices)
    payee_name = forms.CharField(label=_("Account holder's real name"), max_length=60)
    account = forms.CharField(label=_("Card number or account"), max_length=80,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class EarningSettingsForm(forms.Form):
    share_kind = forms.ChoiceField(label=_("Worker's share"), choices=ShareKind.choices)
    share_percent = forms.IntegerField(label=_("Percentage of the order"), min_value=0, max_value=100)
    share_fixed = YuanField(label=_("Fixed amount (yuan)"), required=False)
    settlement_days = forms.IntegerField(label=_("Days until earnings can be withdrawn"), min_value=0, max_value=90)
    withdrawal_minimum = YuanField(label=_("Minimum withdrawal (yuan)"), min_value=Decimal("0.01"))
    withdrawal_daily_limit = YuanField(label=_("Daily withdrawal limit per worker (yuan)"), min_value=Decimal("0.01"))


class CommissionRuleForm(forms.Form):
    service = forms.TypedChoiceField(label=_("Service"), coerce=int, required=False, empty_value=None)
    worker_level = forms.IntegerField(label=_("Worker level"), min_value=1, max_value=10, required=False)
    share_kind = forms.ChoiceField(label=_("Share"), choices=ShareKind.choices)
    share_percent = forms.IntegerField(label=_("Percentage"), min_value=0, max_value=100, required=False)
    share_fixed = YuanField(label=_("Fixed amount (yuan)"), required=False)

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("Any service"))] + [(s.pk, str(s)) for s in services]
