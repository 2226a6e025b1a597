"""The payment settings API routes on a company host (included under /api/v1/)."""
from django.urls import path

from . import api

urlpatterns = [
    path("office/payments/", api.PaymentSettingsApi.as_view(), name="office-payments"),
    path("office/payments/<str:method>/credentials/", api.PaymentCredentialsApi.as_view(),
         name="office-payment-credentials"),
    path("office/payments/<str:payment_id>/refund/", api.OfficePaymentRefundApi.as_view(),
         name="office-payment-refund"),
]
