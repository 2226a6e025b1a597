"""Earnings API routes on a company host (included under /api/v1/)."""
from django.urls import path

from . import api

urlpatterns = [
    path("office/earnings/settings/", api.EarningSettingsApi.as_view(), name="office-earning-settings"),
    path("office/earnings/rules/", api.CommissionRuleListApi.as_view(), name="office-commission-rules"),
    path("office/withdrawals/", api.OfficeWithdrawalListApi.as_view(), name="office-withdrawals"),
    path("office/withdrawals/<str:withdrawal_id>/approve/", api.OfficeWithdrawalApproveApi.as_view(),
         name="office-withdrawal-approve"),
    path("office/withdrawals/<str:withdrawal_id>/reject/", api.OfficeWithdrawalRejectApi.as_view(),
         name="office-withdrawal-reject"),
    path("earnings/transfers/<str:provider>/notify/", api.TransferNotificationApi.as_view(),
         name="earnings-transfer-notify"),
]
