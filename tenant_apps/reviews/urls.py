"""Reviews API routes on a company host (included under /api/v1/)."""
from django.urls import path

from . import api

urlpatterns = [
    path("reviews/", api.ReviewListApi.as_view(), name="reviews"),
    path("reviews/<str:review_id>/", api.ReviewDetailApi.as_view(), name="review"),
    path("reviews/<str:review_id>/report/", api.ReviewReportApi.as_view(), name="review-report"),
    path("catalog/services/<str:service_id>/reviews/", api.ServiceReviewsApi.as_view(), name="service-reviews"),
    path("office/reviews/", api.OfficeReviewListApi.as_view(), name="office-reviews"),
    path("office/reviews/<str:review_id>/reply/", api.OfficeReviewReplyApi.as_view(), name="office-review-reply"),
    path("office/reviews/<str:review_id>/hide/", api.OfficeReviewHideApi.as_view(), name="office-review-hide"),
    path("office/reviews/<str:review_id>/dismiss/", api.OfficeReviewDismissApi.as_view(),
         name="office-review-dismiss"),
    path("office/customer-ratings/", api.OfficeCustomerRatingListApi.as_view(), name="office-customer-ratings"),
]
