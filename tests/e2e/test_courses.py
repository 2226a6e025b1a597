"""An operator writes a course with a PDF lesson and a case study; a worker finds it, reads a lesson,
marks it done and sees the progress; a worker of another company does not see a company course
(issue 18 point 5)."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import unique_phone
from tests.e2e.test_credentials import sign_in
from tests.support import PASSWORD

pytestmark = pytest.mark.e2e

PDF = {"name": "checklist.pdf", "mimeType": "application/pdf",
       "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"}


def test_an_operator_writes_a_course_and_a_worker_follows_it(live, new_page):
    from shared_apps.accounts.models import User

    worker_phone = unique_phone()
    User.objects.create_user(phone=worker_phone, password=PASSWORD, name="Wang Fang")
    operator, worker = new_page(), new_page()

    # given: an operator writes a platform course of two lessons, one a PDF
    sign_in(live, operator, "/console/login/", "ops@doorstep.example", password_link=False)
    operator.get_by_role("link", name="Courses").click()
    form = operator.get_by_role("form", name="New course")
    form.get_by_label("Title").fill("Working at height")
    form.get_by_label("Summary").fill("Ladders, harnesses and what can go wrong.")
    form.get_by_role("button", name="Create the course").click()
    expect(operator.get_by_text("Course created: now add its lessons.")).to_be_visible()
    form = operator.get_by_role("form", name="Add a lesson")
    form.get_by_label("Kind of lesson").select_option(label="Document")
    form.get_by_label("Lesson title").fill("The ladder checklist")
    form.get_by_label("File (MP4 or WebM video, or PDF)").set_input_files(
        {"name": "notes.pdf", "mimeType": "application/pdf", "buffer": b"not a pdf at all"})
    form.get_by_role("button", name="Add the lesson").click()
    expect(operator.get_by_text("Upload an MP4 or WebM video, or a PDF.")).to_be_visible()
    form = operator.get_by_role("form", name="Add a lesson")
    form.get_by_label("Kind of lesson").select_option(label="Document")
    form.get_by_label("Lesson title").fill("The ladder checklist")
    form.get_by_label("File (MP4 or WebM video, or PDF)").set_input_files(PDF)
    form.get_by_role("button", name="Add the lesson").click()
    expect(operator.get_by_text("Lesson added.")).to_be_visible()
    form = operator.get_by_role("form", name="Add a lesson")
    form.get_by_label("Kind of lesson").select_option(label="Case study")
    form.get_by_label("Lesson title").fill("A fall on a wet morning")
    form.get_by_label("Text").fill("The ladder stood on wet tiles and nobody held it.")
    form.get_by_role("button", name="Add the lesson").click()
    expect(operator.locator("#lessons tbody tr")).to_have_count(2)

    # when: the worker opens the course, reads the case study and marks it done
    sign_in(live, worker, "/worker/login/", worker_phone)
    worker.get_by_role("link", name="Courses").click()
    course = worker.locator("section[data-course]", has_text="Working at height")
    expect(course.get_by_test_id("progress")).to_have_text("0 of 2 lessons done")
    course.get_by_role("link", name="Working at height").click()
    worker.get_by_role("link", name="The ladder checklist").click()
    expect(worker.get_by_role("link", name="Open the document (PDF)")).to_be_visible()
    worker.get_by_role("link", name="Next lesson").click()
    expect(worker.get_by_text("nobody held it")).to_be_visible()
    worker.get_by_role("button", name="Mark as done").click()
    expect(worker.get_by_text("Lesson marked as done.")).to_be_visible()
    expect(worker.get_by_test_id("done")).to_be_visible()

    # then: the course and the list show one of two lessons done, and the lesson is ticked
    worker.get_by_role("link", name="Back to Working at height").click()
    expect(worker.get_by_test_id("progress")).to_have_text("1 of 2 lessons done")
    expect(worker.locator("li[data-lesson]", has_text="A fall on a wet morning").get_by_test_id("done")).to_be_visible()
    worker.get_by_role("link", name="All courses").click()
    expect(worker.locator("section[data-course]", has_text="Working at height").get_by_test_id("progress")
           ).to_have_text("1 of 2 lessons done")


# A real, tiny video: Chromium records two-colour canvas frames with MediaRecorder for 3 seconds
# (VP8/VP9 in WebM, about 10 KB), so no binary sample and no ffmpeg are needed.
RECORD_WEBM = """async () => {
  const canvas = document.createElement("canvas"); canvas.width = 64; canvas.height = 48;
  const g = canvas.getContext("2d"); let n = 0;
  const timer = setInterval(() => { g.fillStyle = n++ % 2 ? "#c33" : "#3c3"; g.fillRect(0, 0, 64, 48); }, 50);
  const recorder = new MediaRecorder(canvas.captureStream(20), {mimeType: "video/webm"});
  const parts = []; recorder.ondataavailable = (e) => parts.push(e.data);
  const stopped = new Promise((resolve) => { recorder.onstop = resolve; });
  recorder.start(); await new Promise((resolve) => setTimeout(resolve, 3000)); recorder.stop(); await stopped;
  clearInterval(timer);
  return Array.from(new Uint8Array(await new Blob(parts).arrayBuffer()));
}"""


def test_a_worker_plays_part_of_a_video_leaves_and_comes_back_to_the_same_point(live, new_page):
    from shared_apps.accounts.models import User

    worker_phone = unique_phone()
    User.objects.create_user(phone=worker_phone, password=PASSWORD, name="Li Na")
    operator, worker = new_page(), new_page()

    # given: an operator uploads a short video as the lesson of a platform course
    sign_in(live, operator, "/console/login/", "ops@doorstep.example", password_link=False)
    operator.get_by_role("link", name="Courses").click()
    video = bytes(operator.evaluate(RECORD_WEBM))
    form = operator.get_by_role("form", name="New course")
    form.get_by_label("Title").fill("Using the drill")
    form.get_by_role("button", name="Create the course").click()
    form = operator.get_by_role("form", name="Add a lesson")
    form.get_by_label("Kind of lesson").select_option(label="Video")
    form.get_by_label("Lesson title").fill("Changing the bit")
    form.get_by_label("File (MP4 or WebM video, or PDF)").set_input_files(
        {"name": "bit.webm", "mimeType": "video/webm", "buffer": video})
    form.get_by_role("button", name="Add the lesson").click()
    expect(operator.get_by_text("Lesson added.")).to_be_visible()

    # when: the worker plays two seconds of it and pauses (the page saves the position), then leaves
    sign_in(live, worker, "/worker/login/", worker_phone)
    worker.get_by_role("link", name="Courses").click()
    worker.get_by_role("link", name="Using the drill").click()
    worker.get_by_role("link", name="Changing the bit").click()
    player = worker.get_by_label("Lesson video")
    expect(player).to_be_visible()
    worker.wait_for_function("document.getElementById('lesson-video').readyState >= 1")
    player.evaluate("v => { v.muted = true; return v.play(); }")
    worker.wait_for_function("document.getElementById('lesson-video').currentTime >= 2")
    with worker.expect_response(lambda r: r.url.endswith("/position/") and r.request.method == "POST") as saved:
        player.evaluate("v => v.pause()")
    assert saved.value.status == 200 and saved.value.json()["position_seconds"] >= 2
    kept = saved.value.json()["position_seconds"]
    worker.get_by_role("link", name="Back to Using the drill").click()
    expect(worker.locator("li[data-lesson]", has_text="Changing the bit").get_by_test_id("resume")
           ).to_have_text(f"Stopped at {kept} s")

    # then: coming back, the video starts where they stopped
    worker.get_by_role("link", name="Changing the bit").click()
    expect(worker.locator("#video-position")).to_have_text(f"Resuming at {kept} s")
    worker.wait_for_function(f"document.getElementById('lesson-video').currentTime >= {kept}")
    assert worker.get_by_label("Lesson video").evaluate("v => v.paused")
