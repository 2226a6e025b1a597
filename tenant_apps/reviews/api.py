"""Reviews API. Company host: the customer posts and edits their review (multipart, with photos),
anyone reads a service's visible reviews and scores, anyone signed in reports one; the office lists,
replies, hides (managers) and dismisses reports. Platform host: the worker rates the customer."""
from __future__ import annotations

from django.core.paginator import Paginator
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_id, parse_input
from shared_apps.core.errors import NotFound
from shared_apps.core.permissions import Anyone, SignedIn
from shared_apps.core.uploads import ImageUploadSerializerField
from tenant_apps.catalog.models import Service
from tenant_apps.orders.selectors import get_order_for_customer
from tenant_apps.orders.worker_api import task_of
from tenant_apps.people.permissions import CompanyCustomer, CompanyManager, OfficeStaff
from tenant_apps.people.selectors import customer_of

from .models import HideReason, LowScoreReason, ReportReason, ReviewStatus
from .photos import MAX_PHOTOS, absolute_photo_url
from .selectors import (
    customer_ratings,
    get_review_for_author,
    get_review_for_office,
    get_visible_review,
    office_reviews,
    reviews_of_author,
    score_summary,
    visible_reviews,
)
from .services import (
    MAX_TEXT,
    Scores,
    dismiss_reports,
    edit_review,
    hide_review,
    post_review,
    rate_customer,
    reply_to_review,
    report_review,
)

PAGE_SIZE = 20


def _score_field():
    return serializers.IntegerField(min_value=1, max_value=5)


class ReviewInput(serializers.Serializer):
    quality = _score_field()
    attitude = _score_field()
    skill = _score_field()
    overall = _score_field()
    text = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    low_reason = serializers.ChoiceField(choices=LowScoreReason.choices, required=False, allow_blank=True, default="",
                                         help_text="Required when overall is 2 or less.")
    photos = serializers.ListField(child=ImageUploadSerializerField(), required=False, default=list,
                                   max_length=MAX_PHOTOS)


class ReviewCreateInput(ReviewInput):
    order_id = serializers.IntegerField(min_value=1)


class ReviewOutput(serializers.Serializer):
    id = serializers.IntegerField()
    order_id = serializers.IntegerField()
    service_id = serializers.IntegerField()
    quality = serializers.IntegerField()
    attitude = serializers.IntegerField()
    skill = serializers.IntegerField()
    overall = serializers.IntegerField()
    text = serializers.CharField()
    low_reason = serializers.CharField()
    photos = serializers.ListField(child=serializers.URLField(), help_text="Signed links that expire.")
    reply = serializers.CharField()
    replied_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class MyReviewOutput(ReviewOutput):
    status = serializers.ChoiceField(choices=ReviewStatus.choices)
    hidden_reason = serializers.CharField()
    editable_until = serializers.DateTimeField()


class OfficeReviewOutput(MyReviewOutput):
    author = serializers.CharField()
    worker_id = serializers.IntegerField(allow_null=True)
    open_reports = serializers.IntegerField()
    hidden_note = serializers.CharField()
    hidden_by = serializers.CharField(allow_null=True)
    hidden_at = serializers.DateTimeField(allow_null=True)


PUBLIC = tuple(ReviewOutput().fields)
MINE = tuple(MyReviewOutput().fields)


def _data(review, fields=PUBLIC) -> dict:
    out = {}
    for name in fields:
        if name == "photos":
            out[name] = [absolute_photo_url(p) for p in review.photos.all()]
        elif name in ("author", "hidden_by"):
            value = getattr(review, name)
            out[name] = str(value) if value is not None else None
        else:
            out[name] = getattr(review, name)
    return out


def _scores(data) -> Scores:
    return Scores(quality=data["quality"], attitude=data["attitude"], skill=data["skill"], overall=data["overall"],
                  text=data["text"], low_reason=data["low_reason"], photos=data["photos"])


class ReviewListApi(APIView):
    """GET the caller's own reviews (hidden ones with the reason); POST reviews a completed, paid visit
    of theirs (multipart for photos; 409 when not eligible, the window closed or already reviewed)."""

    permission_classes = [CompanyCustomer]

    @extend_schema(responses={200: MyReviewOutput(many=True)})
    def get(self, request):
        return Response([_data(r, MINE) for r in reviews_of_author(request.user)[:100]])

    @extend_schema(request=ReviewCreateInput, responses={201: MyReviewOutput, 400: ErrorOutput, 403: ErrorOutput,
                                                         404: ErrorOutput, 409: ErrorOutput})
    def post(self, request):
        data = parse_input(ReviewCreateInput, request.data)
        customer = customer_of(request.user)
        if customer is None:
            raise NotFound("order")
        order = get_order_for_customer(customer, data["order_id"])
        review = post_review(actor=request.user, order=order, scores=_scores(data))
        return Response(_data(get_review_for_author(request.user, review.pk), MINE), status=201)


class ReviewDetailApi(APIView):
    """GET the caller's review; PUT changes it within 48 hours of posting (then 409 review_locked)."""

    permission_classes = [CompanyCustomer]

    @extend_schema(responses={200: MyReviewOutput, 404: ErrorOutput})
    def get(self, request, review_id):
        return Response(_data(get_review_for_author(request.user, review_id), MINE))

    @extend_schema(request=ReviewInput, responses={200: MyReviewOutput, 400: ErrorOutput, 404: ErrorOutput,
                                                   409: ErrorOutput})
    def put(self, request, review_id):
        review = get_review_for_author(request.user, review_id)
        data = parse_input(ReviewInput, request.data)
        edit_review(actor=request.user, review=review, scores=_scores(data))
        return Response(_data(get_review_for_author(request.user, review.pk), MINE))


class ReviewReportInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class ReviewReportApi(APIView):
    """Anyone signed in reports a visible review (once); it goes to the office's moderation queue."""

    permission_classes = [SignedIn]

    @extend_schema(request=ReviewReportInput, responses={201: None, 400: ErrorOutput, 404: ErrorOutput,
                                                         409: ErrorOutput})
    def post(self, request, review_id):
        review = get_visible_review(review_id)
        data = parse_input(ReviewReportInput, request.data)
        report_review(actor=request.user, review=review, **data)
        return Response(status=201)


class ScoreSummaryOutput(serializers.Serializer):
    count = serializers.IntegerField()
    overall = serializers.FloatField(allow_null=True)
    quality = serializers.FloatField(allow_null=True)
    attitude = serializers.FloatField(allow_null=True)
    skill = serializers.FloatField(allow_null=True)


class ServiceReviewsOutput(serializers.Serializer):
    summary = ScoreSummaryOutput()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    reviews = ReviewOutput(many=True)


class ServiceReviewsApi(APIView):
    """A service's average scores and its visible reviews, newest first, 20 a page (?page=N)."""

    permission_classes = [Anyone]

    @extend_schema(parameters=[OpenApiParameter("page", int, required=False)],
                   responses={200: ServiceReviewsOutput, 404: ErrorOutput})
    def get(self, request, service_id):
        pk = parse_id(service_id)
        if pk is None or not Service.objects.filter(pk=pk, is_active=True).exists():
            raise NotFound("service")
        summary = score_summary(service_id=pk)
        page = Paginator(visible_reviews(service_id=pk), PAGE_SIZE).get_page(request.query_params.get("page"))
        return Response({"summary": summary.__dict__, "page": page.number, "pages": page.paginator.num_pages,
                         "reviews": [_data(r) for r in page.object_list]})


# -- the office ------------------------------------------------------------------------------------

class OfficeReviewQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=ReviewStatus.choices, required=False)
    service = serializers.IntegerField(min_value=1, required=False)
    low = serializers.BooleanField(required=False, default=False)
    reported = serializers.BooleanField(required=False, default=False)
    page = serializers.IntegerField(min_value=1, required=False, default=1)


OFFICE = tuple(OfficeReviewOutput().fields)


class OfficeReviewListApi(APIView):
    """Every review of the company, newest first, 20 a page, with filters (the office)."""

    permission_classes = [OfficeStaff]

    @extend_schema(parameters=[OfficeReviewQuery], responses={200: OfficeReviewOutput(many=True)})
    def get(self, request):
        query = parse_input(OfficeReviewQuery, request.query_params)
        reviews = office_reviews(status=query.get("status"), service_id=query.get("service"), low=query["low"],
                                 reported=query["reported"])
        page = Paginator(reviews, PAGE_SIZE).get_page(query["page"])
        return Response([_data(r, OFFICE) for r in page.object_list])


class OfficeReplyInput(serializers.Serializer):
    text = serializers.CharField(max_length=MAX_TEXT)


class OfficeReviewReplyApi(APIView):
    """The company's one public reply (409 review_already_replied the second time)."""

    permission_classes = [OfficeStaff]

    @extend_schema(request=OfficeReplyInput, responses={200: OfficeReviewOutput, 400: ErrorOutput, 404: ErrorOutput,
                                                        409: ErrorOutput})
    def post(self, request, review_id):
        review = get_review_for_office(review_id)
        data = parse_input(OfficeReplyInput, request.data)
        reply_to_review(actor=request.user, review=review, text=data["text"])
        return Response(_data(get_review_for_office(review.pk), OFFICE))


class OfficeHideInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=HideReason.choices, help_text="The policy the review breaks.")
    note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class OfficeReviewHideApi(APIView):
    """A moderator (owner or admin) hides a review for a policy reason; recorded, never deleted."""

    permission_classes = [CompanyManager]

    @extend_schema(request=OfficeHideInput, responses={200: OfficeReviewOutput, 400: ErrorOutput, 404: ErrorOutput,
                                                       409: ErrorOutput})
    def post(self, request, review_id):
        review = get_review_for_office(review_id)
        data = parse_input(OfficeHideInput, request.data)
        hide_review(actor=request.user, review=review, **data)
        return Response(_data(get_review_for_office(review.pk), OFFICE))


class OfficeDismissInput(serializers.Serializer):
    note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class OfficeReviewDismissApi(APIView):
    """A moderator closes a review's open reports; the review stays visible."""

    permission_classes = [CompanyManager]

    @extend_schema(request=OfficeDismissInput, responses={200: OfficeReviewOutput, 404: ErrorOutput})
    def post(self, request, review_id):
        review = get_review_for_office(review_id)
        data = parse_input(OfficeDismissInput, request.data)
        dismiss_reports(actor=request.user, review=review, note=data["note"])
        return Response(_data(get_review_for_office(review.pk), OFFICE))


class CustomerRatingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    order_id = serializers.IntegerField()
    customer_id = serializers.IntegerField()
    worker_id = serializers.IntegerField()
    address_accuracy = serializers.IntegerField()
    safety = serializers.IntegerField()
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


def _rating_data(rating) -> dict:
    return {name: getattr(rating, name) for name in CustomerRatingOutput().fields}


class OfficeCustomerRatingListApi(APIView):
    """The workers' private ratings of customers, newest first (the office only)."""

    permission_classes = [OfficeStaff]

    @extend_schema(responses={200: CustomerRatingOutput(many=True)})
    def get(self, request):
        return Response([_rating_data(r) for r in customer_ratings()[:200]])


# -- the worker app (platform host) ---------------------------------------------------------------

class CustomerRatingInput(serializers.Serializer):
    address_accuracy = _score_field()
    safety = _score_field()
    note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class WorkerCustomerRatingApi(APIView):
    """The worker rates the customer of their finished task, privately (once)."""

    permission_classes = [SignedIn]

    @extend_schema(request=CustomerRatingInput, responses={201: CustomerRatingOutput, 400: ErrorOutput,
                                                           404: ErrorOutput, 409: ErrorOutput})
    def post(self, request, company_id, order_id):
        data = parse_input(CustomerRatingInput, request.data)
        with task_of(request, company_id, order_id) as (worker, order):
            rating = rate_customer(actor=request.user, worker=worker, order=order, **data)
            return Response(_rating_data(rating), status=201)
