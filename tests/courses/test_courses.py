"""Courses (issue 18 point 5): authoring by operators only, lessons in order, who sees which course,
progress per lesson with the video's furthest position, and the pages that show it."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shared_apps.core.errors import NotFound, PermissionDenied, ValidationFailed
from shared_apps.courses.models import LessonProgress
from shared_apps.courses.selectors import courses_for_worker
from shared_apps.courses.services import CourseInput, LessonInput, create_course, mark_done, save_position

from .support import MP4_BYTES, PDF_BYTES, make_course


def signed_in(user) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


# -- authoring ------------------------------------------------------------------------------------

def test_only_an_operator_creates_a_course(people):
    with pytest.raises(PermissionDenied):
        create_course(actor=people.worker_a, data=CourseInput(title="Mine"))
    assert signed_in(people.worker_a).get("/console/courses/").status_code in (302, 403)
    response = signed_in(people.worker_a).post("/console/courses/new/", {"title": "Mine"})
    assert response.status_code in (302, 403)
    from shared_apps.courses.models import Course
    assert not Course.objects.exists()


def test_lessons_come_in_the_order_they_were_added(people):
    course = make_course(people.operator)
    assert list(course.lessons.values_list("position", "kind")) == [
        (1, "video"), (2, "document"), (3, "case_study")]


def test_the_operator_uploads_a_video_lesson_in_the_console(people):
    client = signed_in(people.operator)
    response = client.post("/console/courses/new/", {"title": "Ladders", "summary": "", "company": ""})
    course_url = response.url
    response = client.post(course_url + "lessons/new/", {
        "kind": "video", "title": "Setting up", "text": "",
        "file": SimpleUploadedFile("clip.bin", MP4_BYTES, "application/octet-stream")})
    assert response.status_code == 302
    page = client.get(course_url).content.decode()
    assert "Setting up" in page and "/files/" in page
    from shared_apps.courses.models import Lesson
    lesson = Lesson.objects.get()
    assert lesson.content_type == "video/mp4" and lesson.file.name.endswith(".mp4")  # from the bytes


def test_a_file_that_is_not_a_video_or_pdf_is_refused_on_the_field(people):
    client = signed_in(people.operator)
    course_url = client.post("/console/courses/new/", {"title": "Ladders", "company": ""}).url
    response = client.post(course_url + "lessons/new/", {
        "kind": "video", "title": "Setting up", "file": SimpleUploadedFile("clip.mp4", b"MZ\x90\x00 not a video")})
    assert response.status_code == 400
    assert "Upload an MP4 or WebM video, or a PDF." in response.content.decode()


def test_a_video_lesson_needs_a_video(people):
    from shared_apps.courses.services import LessonFile, add_lesson

    course = create_course(actor=people.operator, data=CourseInput(title="Ladders"))
    with pytest.raises(ValidationFailed) as caught:
        add_lesson(actor=people.operator, course_id=course.pk, data=LessonInput(
            kind="video", title="Setting up", file=LessonFile(PDF_BYTES, "application/pdf", ".pdf")))
    assert "file" in caught.value.fields


# -- who sees what ----------------------------------------------------------------------------------

def test_a_company_course_is_seen_only_by_that_companys_workers(people):
    platform = make_course(people.operator, title="For everyone", video=False)
    own = make_course(people.operator, title="Company A only", company_id=people.company_a.pk, video=False)
    assert set(courses_for_worker(people.worker_a)) == {platform, own}
    assert list(courses_for_worker(people.worker_b)) == [platform]
    other = signed_in(people.worker_b)
    assert "Company A only" not in other.get("/worker/courses/").content.decode()
    assert other.get(f"/worker/courses/{own.pk}/").status_code == 404
    lesson = own.lessons.first()
    assert other.get(f"/worker/courses/{own.pk}/lessons/{lesson.pk}/").status_code == 404
    assert other.post(f"/worker/courses/{own.pk}/lessons/{lesson.pk}/done/").status_code in (302, 404)
    with pytest.raises(NotFound):
        mark_done(actor=people.worker_b, course_id=own.pk, lesson_id=lesson.pk)
    assert not LessonProgress.objects.exists()


# -- progress ---------------------------------------------------------------------------------------

def test_the_server_keeps_the_furthest_position(people):
    course = make_course(people.operator)
    video = course.lessons.get(position=1)

    def save(seconds):
        return save_position(actor=people.worker_a, course_id=course.pk, lesson_id=video.pk, seconds=seconds)

    assert save(seconds=12).position_seconds == 12
    assert save(seconds=5).position_seconds == 12
    assert save(seconds=30).position_seconds == 30
    assert LessonProgress.objects.count() == 1


def test_the_page_script_saves_the_position_and_the_page_resumes_there(people):
    course = make_course(people.operator)
    video = course.lessons.get(position=1)
    client = signed_in(people.worker_a)
    url = f"/worker/courses/{course.pk}/lessons/{video.pk}/"
    page = client.get(url).content.decode()
    assert 'data-resume="0"' in page and f'data-save-url="{url}position/"' in page
    assert not LessonProgress.objects.exists()  # a GET never writes
    response = client.post(url + "position/", {"position": "41.7"})
    assert response.status_code == 200 and response.json() == {"position_seconds": 41}
    page = client.get(url).content.decode()
    assert 'data-resume="41"' in page and "Resuming at 41 s" in page
    assert "Stopped at 41 s" in client.get(f"/worker/courses/{course.pk}/").content.decode()


@pytest.mark.parametrize("position", ["", "soon", "-3", "999999999"])
def test_a_bad_position_is_a_400_with_the_field(people, position):
    course = make_course(people.operator)
    video = course.lessons.get(position=1)
    response = signed_in(people.worker_a).post(
        f"/worker/courses/{course.pk}/lessons/{video.pk}/position/", {"position": position})
    assert response.status_code == 400 and "position" in response.json()["fields"]


def test_a_position_on_a_lesson_without_video_is_refused(people):
    course = make_course(people.operator)
    document = course.lessons.get(position=2)
    response = signed_in(people.worker_a).post(
        f"/worker/courses/{course.pk}/lessons/{document.pk}/position/", {"position": "5"})
    assert response.status_code == 400


def test_marking_lessons_done_shows_n_of_m(people):
    course = make_course(people.operator)
    client = signed_in(people.worker_a)
    assert "0 of 3 lessons done" in client.get("/worker/courses/").content.decode()
    for lesson in course.lessons.all()[:2]:
        response = client.post(f"/worker/courses/{course.pk}/lessons/{lesson.pk}/done/", {"done": "1"})
        assert response.status_code == 302
    assert "2 of 3 lessons done" in client.get(f"/worker/courses/{course.pk}/").content.decode()
    assert "2 of 3 lessons done" in client.get("/worker/courses/").content.decode()
    first = course.lessons.first()
    client.post(f"/worker/courses/{course.pk}/lessons/{first.pk}/done/", {"done": "0"})
    assert "1 of 3 lessons done" in client.get("/worker/courses/").content.decode()
    # another worker's progress is theirs alone
    assert "0 of 3 lessons done" in signed_in(people.owner_a).get("/worker/courses/").content.decode()


def test_the_lesson_video_is_streamed_by_range_through_its_signed_link(people):
    course = make_course(people.operator)
    video = course.lessons.get(position=1)
    page = signed_in(people.worker_a).get(f"/worker/courses/{course.pk}/lessons/{video.pk}/").content.decode()
    src = page.split('id="lesson-video"', 1)[1].split('src="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    path = "/" + src.split("://", 1)[1].split("/", 1)[1]
    response = Client().get(path, HTTP_HOST="localhost", HTTP_RANGE="bytes=0-7")
    assert response.status_code == 206 and b"".join(response.streaming_content) == MP4_BYTES[:8]


def test_the_worker_course_list_has_a_fixed_number_of_queries(people, django_assert_max_num_queries):
    for n in range(3):
        make_course(people.operator, title=f"Course {n}")
    client = signed_in(people.worker_a)
    client.get("/worker/courses/")
    with django_assert_max_num_queries(12):
        response = client.get("/worker/courses/")
    assert response.content.decode().count("data-course=") == 3


def test_the_lesson_link_outlives_the_default_so_a_long_video_keeps_playing(people):
    import time
    from types import SimpleNamespace
    from unittest import mock

    course = make_course(people.operator)
    video = course.lessons.get(position=1)
    page = signed_in(people.worker_a).get(f"/worker/courses/{course.pk}/lessons/{video.pk}/").content.decode()
    src = page.split('id="lesson-video"', 1)[1].split('src="', 1)[1].split('"', 1)[0]
    path = "/" + src.split("://", 1)[1].split("/", 1)[1]
    for hours, status in ((1, 206), (5, 403)):  # the default link (5 minutes) would be dead at 1 hour
        later = SimpleNamespace(time=lambda hours=hours: time.time() + hours * 3600)
        with mock.patch("django.core.signing.time", later):
            assert Client().get(path, HTTP_HOST="localhost", HTTP_RANGE="bytes=0-7").status_code == status


def test_lesson_files_are_kept_under_their_course(people):
    course = make_course(people.operator)
    name = course.lessons.get(position=1).file.name
    assert name.startswith(f"courses/{course.pk}/") and name.endswith(".mp4")
