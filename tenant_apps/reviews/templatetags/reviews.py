"""Template tags that put reviews on pages other apps own (the order page, the service page, the
worker's task page), so those apps never import this one (it sits above them in the layers)."""
from __future__ import annotations

from django import template
from django.core.paginator import Paginator

from ..forms import ReportForm
from ..models import Review
from ..photos import photo_url
from ..selectors import REVIEWABLE, score_summary, visible_reviews

register = template.Library()
PAGE_SIZE = 10


@register.inclusion_tag("storefront/reviews/_order_link.html")
def review_link(order):
    """"Review this visit" on a finished order (the review page says if the window has closed)."""
    has_review = order.status in REVIEWABLE and Review.objects.filter(order_id=order.pk).exists()
    return {"order": order, "finished": order.status in REVIEWABLE, "has_review": has_review}


def _author(review) -> str:
    return (review.author.name or "").split(" ")[0]


@register.inclusion_tag("storefront/reviews/_service_reviews.html", takes_context=True)
def service_reviews(context, service):
    """The service page's scores and its visible reviews, newest first, paged (?reviews=N), with the
    company's reply; signed-in visitors can report one."""
    request = context.get("request")
    summary = score_summary(service_id=service.pk)  # one query; with no reviews, the only one
    if not summary.count:
        return {"summary": summary, "rows": [], "service": service, "request": request}
    # The summary's count is the paginator's: no second COUNT.
    paginator = Paginator(visible_reviews(service_id=service.pk), PAGE_SIZE)
    paginator.count = summary.count
    page = paginator.get_page(request.GET.get("reviews") if request is not None else None)
    signed_in = request is not None and request.user.is_authenticated
    rows = [{"review": r, "author": _author(r), "photos": [photo_url(p) for p in r.photos.all()],
             "report_form": ReportForm(prefix=f"r{r.pk}") if signed_in and r.author_id != request.user.pk else None}
            for r in page.object_list]
    return {"summary": summary, "page": page, "rows": rows, "service": service, "request": request}


@register.inclusion_tag("worker/_rate_customer_link.html")
def rate_customer_link(company_id, order):
    return {"company_id": company_id, "order": order, "finished": order.status in REVIEWABLE}
