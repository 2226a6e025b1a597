"""The orders API routes on a company host (included under /api/v1/)."""
from django.urls import path

from . import api, dispatch_api

R = "orders/<str:order_id>/"
OFFICE = "office/orders/<str:order_id>/"

urlpatterns = [
    path("orders/", api.OrderBookApi.as_view(), name="orders"),
    path(R, api.OrderDetailApi.as_view(), name="order"),
    path(R + "cancel/preview/", api.OrderCancelPreviewApi.as_view(), name="order-cancel-preview"),
    path(R + "cancel/", api.OrderCancelApi.as_view(), name="order-cancel"),
    path(R + "pay/", api.OrderPayApi.as_view(), name="order-pay"),
    path(R + "reschedule/preview/", api.OrderReschedulePreviewApi.as_view(), name="order-reschedule-preview"),
    path(R + "reschedule/", api.OrderRescheduleApi.as_view(), name="order-reschedule"),
    path(R + "reschedule-requests/<str:request_id>/approve/", api.OrderRescheduleApproveApi.as_view(),
         name="order-reschedule-approve"),
    path(R + "reschedule-requests/<str:request_id>/decline/", api.OrderRescheduleDeclineApi.as_view(),
         name="order-reschedule-decline"),
    path(R + "book-again/", api.OrderBookAgainApi.as_view(), name="order-book-again"),
    path(R + "review/", api.OrderReviewApi.as_view(), name="order-review"),
    path("office/orders/", api.OfficeOrderBoardApi.as_view(), name="office-orders"),
    path(OFFICE, api.OfficeOrderDetailApi.as_view(), name="office-order"),
    path(OFFICE + "candidates/", dispatch_api.OfficeOrderCandidatesApi.as_view(), name="office-order-candidates"),
    path("office/dispatch/settings/", dispatch_api.DispatchSettingsRoutes.as_view(), name="office-dispatch-settings"),
    path("office/dispatch/optimise/", dispatch_api.OptimiseDayApi.as_view(), name="office-dispatch-optimise"),
    path("office/dispatch/optimise/apply/", dispatch_api.ApplyDayPlanApi.as_view(),
         name="office-dispatch-optimise-apply"),
    path(OFFICE + "assign/", api.OfficeOrderAssignApi.as_view(), name="office-order-assign"),
    path(OFFICE + "cancel/", api.OfficeOrderCancelApi.as_view(), name="office-order-cancel"),
    path(OFFICE + "reschedule/", api.OfficeOrderRescheduleApi.as_view(), name="office-order-reschedule"),
    path(OFFICE + "confirm-payment/", api.OfficeOrderConfirmPaymentApi.as_view(), name="office-order-confirm-payment"),
]
