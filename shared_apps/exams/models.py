"""Exams, their question bank, attempts with the questions drawn for them, and certificates."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")


class Exam(models.Model):
    """An exam: a bank of questions of which `questions_per_attempt` are drawn at random for each
    attempt. company_id null: a platform exam for every worker; else only that company's workers."""

    title = models.CharField(max_length=120)
    skill = models.CharField(max_length=60, help_text="The skill a pass certifies, e.g. 'Electrician'.")
    level = models.PositiveSmallIntegerField(default=1, help_text="The skill level a pass gives (1-5).")
    company_id = models.BigIntegerField(null=True, blank=True)
    questions_per_attempt = models.PositiveSmallIntegerField(default=10)
    time_limit_minutes = models.PositiveSmallIntegerField(default=30)
    pass_mark = models.PositiveSmallIntegerField(default=60, help_text="Percent of questions right to pass.")
    max_attempts = models.PositiveSmallIntegerField(default=3)
    cooldown_hours = models.PositiveSmallIntegerField(default=24)
    is_open = models.BooleanField(default=True, help_text="Workers can see and take it.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(pass_mark__gte=1, pass_mark__lte=100),
                                   name="exam_pass_mark_percent"),
            models.CheckConstraint(condition=models.Q(questions_per_attempt__gte=1), name="exam_draws_a_question"),
            models.CheckConstraint(condition=models.Q(time_limit_minutes__gte=1), name="exam_has_time"),
            models.CheckConstraint(condition=models.Q(max_attempts__gte=1), name="exam_allows_an_attempt"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="exam_level_1_to_5"),
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(max_length=12, choices=QuestionKind.choices)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["exam_id", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(max_length=300)
    is_correct = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["question_id", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Attempt(models.Model):
    """One sitting. The draw is its AttemptAnswer rows; the deadline is kept here, so the server,
    not the browser's clock, decides what counts."""

    exam = models.ForeignKey(Exam, on_delete=models.PROTECT, related_name="attempts")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exam_attempts")
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    auto_submitted = models.BooleanField(default=False)
    correct_count = models.PositiveSmallIntegerField(null=True, blank=True)
    score_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["submitted_at", "deadline"], name="attempt_open_by_deadline")]
        constraints = [
            models.UniqueConstraint(fields=["exam", "worker"], condition=models.Q(submitted_at__isnull=True),
                                    name="attempt_one_open_per_exam"),
        ]

    def __str__(self) -> str:
        return f"{self.exam_id} by {self.worker_id}"

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None

    @property
    def is_past_deadline(self) -> bool:
        return timezone.now() >= self.deadline

    @property
    def ended_at(self):
        """When the attempt ended: its submission, or its deadline if it ran out (an attempt submitted
        late by beat ended at its deadline, not when beat came by)."""
        return min(self.submitted_at, self.deadline) if self.submitted_at else self.deadline


class AttemptAnswer(models.Model):
    """A question drawn for an attempt, in the order shown, and the choices the worker picked.
    `worker` is repeated so that removing a user removes these rows without going through the attempt."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    position = models.PositiveSmallIntegerField()
    chosen = models.JSONField(default=list, blank=True, help_text="Ids of the choices picked.")
    is_correct = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["attempt_id", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="attempt_draws_a_question_once")]

    def __str__(self) -> str:
        return f"{self.attempt_id}#{self.position}"


class Certificate(models.Model):
    """Earned by a passed attempt. Anyone with the code can check it on /verify/<code>/."""

    attempt = models.OneToOneField(Attempt, on_delete=models.PROTECT, related_name="certificate")
    exam = models.ForeignKey(Exam, on_delete=models.PROTECT, related_name="certificates")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exam_certificates")
    code = models.CharField(max_length=20, unique=True)
    skill = models.CharField(max_length=60)
    level = models.PositiveSmallIntegerField()
    score_percent = models.PositiveSmallIntegerField()
    issued_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None
