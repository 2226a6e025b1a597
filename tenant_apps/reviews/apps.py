from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Reviews of visits (scores, text, photos, a reason for a low score), the company's public reply,
    reports and moderation (hidden for a policy reason, never deleted), and the worker's private rating
    of the customer. Company schema; sits above orders in the layers (it reads orders, never the reverse:
    the order pages reach it through its template tags)."""

    name = "tenant_apps.reviews"
    label = "reviews"
