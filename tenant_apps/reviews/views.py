"""Review pages. Storefront (company host): "Review this visit" on a finished order (post, then edit
for 48 hours; a hidden review shows its author why) and reporting a review from the service page.
Office: the Reviews page (filters, reply, the moderation queue, the workers' ratings of customers).
Worker app (platform host): rating the customer of a finished task."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.accounts.access import signed_in
from shared_apps.core.company import company_time_zone
from shared_apps.core.errors import DomainError, NotFound
from shared_apps.core.forms import show_domain_error
from tenant_apps.catalog.models import Service
from tenant_apps.orders.selectors import get_order_for_customer
from tenant_apps.orders.worker_api import task_of
from tenant_apps.people.access import company_manager_required, office_staff_required
from tenant_apps.people.selectors import customer_of

from .forms import CustomerRatingForm, DismissForm, HideForm, ReplyForm, ReportForm, ReviewFilterForm, VisitReviewForm
from .photos import photo_url
from .selectors import (
    can_edit,
    customer_ratings,
    get_review_for_office,
    get_visible_review,
    moderation_queue,
    office_reviews,
    rating_of_order,
    review_of_order,
)
from .services import (
    Scores,
    check_can_review,
    dismiss_reports,
    edit_review,
    hide_review,
    post_review,
    rate_customer,
    reply_to_review,
    report_review,
)

STOREFRONT_LOGIN = "storefront:login"
WORKER_LOGIN = "worker:login"
PAGE_SIZE = 20


def _page(request, template: str, context: dict, status: int = 200):
    """Render with times in the company's time zone (stored in UTC)."""
    with timezone.override(ZoneInfo(company_time_zone())):
        return render(request, template, context, status=status)


# -- the customer ------------------------------------------------------------------------------

def _scores(data: dict) -> Scores:
    return Scores(quality=data["quality"], attitude=data["attitude"], skill=data["skill"], overall=data["overall"],
                  text=data["text"], low_reason=data["low_reason"], photos=data["photos"])


def _review_page(request, order, *, form=None, status: int = 200):
    review = review_of_order(order)
    refusal = None
    if review is None:
        try:
            check_can_review(actor=request.user, order=order)
        except DomainError as error:
            refusal = error.message
    editable = review is not None and review.author_id == request.user.pk and can_edit(review)
    if form is None and (review is None or editable):
        initial = ({k: getattr(review, k) for k in ("quality", "attitude", "skill", "overall", "text", "low_reason")}
                   if review is not None else None)
        form = VisitReviewForm(initial=initial)
    return _page(request, "storefront/reviews/visit.html", {
        "order": order, "review": review, "refusal": refusal, "form": form, "editable": editable,
        "photos": [photo_url(p) for p in review.photos.all()] if review is not None else [],
    }, status=status)


@signed_in(STOREFRONT_LOGIN)
def visit_review(request, order_id):
    """GET: the form (or the review already written); POST: post it, or change it within 48 hours."""
    customer = customer_of(request.user)
    if customer is None:
        raise NotFound("order")
    order = get_order_for_customer(customer, order_id)
    if request.method != "POST":
        return _review_page(request, order)
    form = VisitReviewForm(request.POST, request.FILES)
    if form.is_valid():
        review = review_of_order(order)
        try:
            if review is None:
                post_review(actor=request.user, order=order, scores=_scores(form.cleaned_data))
            else:
                edit_review(actor=request.user, review=review, scores=_scores(form.cleaned_data))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Thank you: your review is posted.") if review is None
                             else _("Your review is updated."))
            return redirect("storefront:visit-review", order_id=order.pk)
    return _review_page(request, order, form=form, status=400)


@require_POST
@signed_in(STOREFRONT_LOGIN)
def review_report(request, review_id):
    """Anyone signed in reports a review shown on a service page; back to that page."""
    review = get_visible_review(review_id)
    form = ReportForm(request.POST, prefix=f"r{review.pk}")
    if form.is_valid():
        try:
            report_review(actor=request.user, review=review, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Thank you: a moderator will look at this review."))
    else:
        messages.error(request, _("Choose why you report this review."))
    return redirect(reverse("storefront:service", args=[review.service_id]) + "#reviews")


# -- the office --------------------------------------------------------------------------------

def _office_page(request, *, forms: dict | None = None, status: int = 200):
    forms = forms or {}
    services = list(Service.objects.order_by("name").values_list("pk", "name"))
    filters = ReviewFilterForm(request.GET or None, services=services)
    data = filters.cleaned_data if filters.is_valid() else {}
    reviews = office_reviews(status=data.get("status") or None, service_id=data.get("service"),
                             low=bool(data.get("low")), reported=bool(data.get("reported")))
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"review": r, "photos": [photo_url(p) for p in r.photos.all()],
             "reply_form": forms.get(("reply", r.pk)) or ReplyForm(prefix=f"reply{r.pk}"),
             "hide_form": forms.get(("hide", r.pk)) or HideForm(prefix=f"hide{r.pk}"),
             "dismiss_form": DismissForm(prefix=f"dismiss{r.pk}")} for r in page.object_list]
    member = request.staff_member
    return _page(request, "office/reviews.html", {
        "filters": filters, "page": page, "rows": rows, "queue": list(moderation_queue()[:50]),
        "ratings": list(customer_ratings()[:50]), "can_moderate": member.can_manage_company,
        "query": request.GET.urlencode(),
    }, status=status)


@office_staff_required
def reviews_page(request):
    """Every review of the company with filters, the reply form, and the moderation queue."""
    return _office_page(request)


def _back(request):
    return redirect(reverse("office:reviews") + ("?" + request.POST["back"] if request.POST.get("back") else ""))


@require_POST
@office_staff_required
def review_reply(request, review_id):
    review = get_review_for_office(review_id)
    form = ReplyForm(request.POST, prefix=f"reply{review.pk}")
    if form.is_valid():
        try:
            reply_to_review(actor=request.user, review=review, text=form.cleaned_data["text"])
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Your reply is published."))
            return _back(request)
    return _office_page(request, forms={("reply", review.pk): form}, status=400)


@require_POST
@company_manager_required
def review_hide(request, review_id):
    review = get_review_for_office(review_id)
    form = HideForm(request.POST, prefix=f"hide{review.pk}")
    if form.is_valid():
        try:
            hide_review(actor=request.user, review=review, **form.cleaned_data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The review is hidden; its author sees why."))
            return _back(request)
    return _office_page(request, forms={("hide", review.pk): form}, status=400)


@require_POST
@company_manager_required
def review_dismiss(request, review_id):
    review = get_review_for_office(review_id)
    form = DismissForm(request.POST, prefix=f"dismiss{review.pk}")
    form.is_valid()
    dismiss_reports(actor=request.user, review=review, note=form.cleaned_data.get("note", ""))
    messages.success(request, _("The reports are dismissed; the review stays."))
    return _back(request)


# -- the worker app ------------------------------------------------------------------------------

@signed_in(WORKER_LOGIN)
def rate_customer_page(request, company_id, order_id):
    """The worker rates the customer of a finished task; only the company's office sees it."""
    with task_of(request, company_id, order_id) as (worker, order):
        rating = rating_of_order(order)
        form = CustomerRatingForm(request.POST or None) if rating is None else None
        status = 200
        if request.method == "POST" and form is not None:
            if form.is_valid():
                try:
                    rate_customer(actor=request.user, worker=worker, order=order, **form.cleaned_data)
                except DomainError as error:
                    show_domain_error(form, error)
                else:
                    messages.success(request, _("Thank you: the office has your rating."))
                    return redirect("worker:task-rate-customer", company_id=company_id, order_id=order.pk)
            status = 400
        return render(request, "worker/rate_customer.html", {
            "order": order, "company_id": company_id, "rating": rating, "form": form,
            "finished": order.status in ("completed", "reviewed"), "now": timezone.now()}, status=status)

