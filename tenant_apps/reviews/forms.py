"""The review pages' forms: parsing only (the rules live in services.py)."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shared_apps.core.uploads import check_image_size

from .models import HideReason, LowScoreReason, ReportReason
from .photos import MAX_PHOTOS
from .services import MAX_TEXT

SCORES = [("", "—"), *[(str(n), str(n)) for n in range(5, 0, -1)]]


def _score(label):
    return forms.TypedChoiceField(label=label, choices=SCORES, coerce=int)


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once; each is checked for size here and for its content by the service."""

    widget = MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("At most %(n)d photos.") % {"n": MAX_PHOTOS})
        for upload in files:
            check_image_size(upload)
        return list(files)


class VisitReviewForm(forms.Form):
    overall = _score(_("Overall"))
    quality = _score(_("Quality"))
    attitude = _score(_("Attitude"))
    skill = _score(_("Skill"))
    low_reason = forms.ChoiceField(label=_("What went wrong?"), required=False,
                                   choices=[("", "—"), *LowScoreReason.choices],
                                   help_text=_("Required for an overall score of 2 or less."))
    text = forms.CharField(label=_("Your words"), max_length=MAX_TEXT, required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))
    photos = PhotosField(label=_("Photos"), required=False,
                         help_text=_("Up to %(n)d photos; their location data is removed.") % {"n": MAX_PHOTOS})


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Public reply"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2}))


class HideForm(forms.Form):
    reason = forms.ChoiceField(label=_("Policy broken"), choices=[("", "—"), *HideReason.choices])
    note = forms.CharField(label=_("Note"), max_length=MAX_TEXT, required=False)


class DismissForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=MAX_TEXT, required=False)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Report reason"), choices=[("", "—"), *ReportReason.choices])
    note = forms.CharField(label=_("Details"), max_length=MAX_TEXT, required=False)


class CustomerRatingForm(forms.Form):
    address_accuracy = _score(_("Address accuracy"))
    safety = _score(_("Safety"))
    note = forms.CharField(label=_("Private note"), max_length=MAX_TEXT, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Only the company's office sees this."))


class ReviewFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), ("visible", _("Visible")), ("hidden", _("Hidden"))])
    service = forms.TypedChoiceField(label=_("Service"), required=False, coerce=int, empty_value=None)
    low = forms.BooleanField(label=_("Low scores only"), required=False)
    reported = forms.BooleanField(label=_("Reported only"), required=False)

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("All")), *services]
