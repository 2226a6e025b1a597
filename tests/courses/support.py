"""Helpers of the course tests: a course built through the services, and tiny lesson files."""
from __future__ import annotations

# The first bytes of an MP4 (an ISO base media 'ftyp' box) and of a PDF: enough for the type check
# and for serving; not a playable video (the browser test uses a document lesson for that reason).
MP4_BYTES = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + bytes(range(256)) * 8
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_course(operator, *, company_id=None, title="Safe ladder work", video=True):
    from shared_apps.courses.services import CourseInput, LessonFile, LessonInput, add_lesson, create_course

    course = create_course(actor=operator, data=CourseInput(title=title, company_id=company_id))
    if video:
        add_lesson(actor=operator, course_id=course.pk, data=LessonInput(
            kind="video", title="Setting up the ladder", file=LessonFile(MP4_BYTES, "video/mp4", ".mp4")))
    add_lesson(actor=operator, course_id=course.pk, data=LessonInput(
        kind="document", title="The checklist", text="Three points of contact, always."))
    add_lesson(actor=operator, course_id=course.pk, data=LessonInput(
        kind="case_study", title="A fall at work", text="What went wrong on a wet morning."))
    return course
