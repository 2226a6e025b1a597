"""Course authoring forms (parsing only; the rules are in services). A lesson's file is typed from
its bytes: an MP4 or WebM video, or a PDF."""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shared_apps.core.uploads import PDF_MAGIC, check_image_size
from tenants.selectors import companies

from .models import LessonKind
from .services import CourseInput, LessonFile, LessonInput

WEBM_MAGIC = b"\x1a\x45\xdf\xa3"  # EBML, the container of WebM


def sniff_lesson_file(data: bytes) -> tuple[str, str] | None:
    """(content type, suffix) of a lesson file from its first bytes, or None if not one we take."""
    if data.startswith(PDF_MAGIC):
        return "application/pdf", ".pdf"
    if len(data) >= 12 and data[4:8] == b"ftyp":  # ISO base media: MP4
        return "video/mp4", ".mp4"
    if data.startswith(WEBM_MAGIC) and b"webm" in data[:64]:
        return "video/webm", ".webm"
    return None


class LessonFileField(forms.FileField):
    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        check_image_size(upload)  # the same per-file limit as every upload (UPLOAD_MAX_IMAGE_BYTES)
        upload.seek(0)
        content = upload.read()
        kind = sniff_lesson_file(content)
        if kind is None:
            raise ValidationError(_("Upload an MP4 or WebM video, or a PDF."), code="invalid_format")
        return LessonFile(data=content, content_type=kind[0], suffix=kind[1])


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    company = forms.TypedChoiceField(label=_("For"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].choices = [("", _("Every worker (platform course)"))] + [
            (c.pk, c.name) for c in companies().order_by("name")]

    def to_input(self) -> CourseInput:
        data = self.cleaned_data
        return CourseInput(title=data["title"], summary=data["summary"], company_id=data["company"])


class LessonForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of lesson"), choices=LessonKind.choices)
    title = forms.CharField(label=_("Lesson title"), max_length=120)
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    file = LessonFileField(label=_("File (MP4 or WebM video, or PDF)"), required=False)

    def to_input(self) -> LessonInput:
        data = self.cleaned_data
        return LessonInput(kind=data["kind"], title=data["title"], text=data["text"], file=data["file"])
