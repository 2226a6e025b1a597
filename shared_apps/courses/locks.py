"""Row locks of courses."""
from .models import Course


def lock_course(course_id) -> Course | None:
    """The course row, locked (lessons are numbered under it); None when there is no such course."""
    return Course.objects.select_for_update().filter(pk=course_id).first()
