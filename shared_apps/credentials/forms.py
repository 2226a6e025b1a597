"""Credential forms (parsing only; the rules are in services)."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shared_apps.core.uploads import clean_document

from .models import CredentialKind, ReasonCode
from .services import CredentialInput, Document

UPLOAD_KINDS = [(CredentialKind.ID_CARD.value, CredentialKind.ID_CARD.label),
                (CredentialKind.HEALTH.value, CredentialKind.HEALTH.label),
                (CredentialKind.SKILL.value, CredentialKind.SKILL.label),
                (CredentialKind.INSURANCE.value, CredentialKind.INSURANCE.label)]


class DocumentField(forms.FileField):
    """A photo (re-encoded) or a PDF, checked from its bytes; cleans to a services.Document."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        content, content_type, suffix = clean_document(upload)
        return Document(data=content, content_type=content_type, suffix=suffix)


class CredentialForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=UPLOAD_KINDS)
    name_on_document = forms.CharField(label=_("Name on the document"), max_length=100, required=False)
    number = forms.CharField(label=_("ID number"), max_length=30, required=False,
                             widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}))
    title = forms.CharField(label=_("Certificate name"), max_length=120, required=False)
    issuer = forms.CharField(label=_("Issued by"), max_length=120, required=False)
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Valid until"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    file = DocumentField(label=_("Photo or PDF"))
    file_back = DocumentField(label=_("Back side (optional)"), required=False)

    def to_input(self) -> CredentialInput:
        data = self.cleaned_data
        return CredentialInput(
            kind=data["kind"], documents=[d for d in (data.get("file"), data.get("file_back")) if d],
            number=data.get("number") or "", name_on_document=data.get("name_on_document") or "",
            title=data.get("title") or "", issuer=data.get("issuer") or "", valid_from=data.get("valid_from"),
            valid_until=data.get("valid_until"))


class ShareForm(forms.Form):
    company = forms.IntegerField(min_value=1)


class RejectionForm(forms.Form):
    reason_code = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *ReasonCode.choices])
    note = forms.CharField(label=_("Note for the worker"), max_length=300, required=False)


class BackgroundConsentForm(forms.Form):
    consent = forms.BooleanField(label=_("I consent to this background check"), required=False)


class DisputeForm(forms.Form):
    statement = forms.CharField(label=_("Why is the result wrong?"), max_length=2000,
                                widget=forms.Textarea(attrs={"rows": 3}))


class DisputeDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("recheck", "recheck"), ("pass", "pass"), ("reject", "reject")])
    note = forms.CharField(max_length=300, required=False)
