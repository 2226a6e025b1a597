"""The platform score of a person who works for companies on Doorstep."""
from django.conf import settings
from django.db import models
from django.db.models import Q


class PlatformScore(models.Model):
    """The visits-weighted mean of the person's company credit scores, recomputed nightly after every
    company's scores. Companies never read it: it is the platform's (console) and the worker's own."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="platform_score")
    score = models.DecimalField(max_digits=4, decimal_places=1)
    companies = models.PositiveSmallIntegerField()
    visits = models.PositiveIntegerField()
    computed_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user_id"]
        constraints = [models.CheckConstraint(condition=Q(score__gte=0, score__lte=100),
                                              name="platform_score_range")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.score}"
