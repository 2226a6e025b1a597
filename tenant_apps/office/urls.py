"""Pages of the company back office (company host, /office/)."""
from django.urls import path

from shared_apps.accounts.login import login_urls, ticket_login_url
from tenant_apps.catalog.views import office as catalog
from tenant_apps.catalog.views import office_rules as rules
from tenant_apps.earnings import views as earnings
from tenant_apps.orders.views import dispatch_board, optimise_day
from tenant_apps.orders.views import office as orders
from tenant_apps.payments import views as payments
from tenant_apps.workforce import views as workforce

from . import schedules, views

app_name = "office"
urlpatterns = [
    path("", views.home, name="home"),
    path("brand/", views.brand, name="brand"),
    path("staff/", views.staff, name="staff"),
    path("staff/add/", views.staff_add, name="staff-add"),
    path("staff/<str:member_id>/", views.staff_change, name="staff-change"),
    path("workers/", workforce.workers, name="workers"),
    path("workers/invite/", workforce.worker_invite, name="worker-invite"),
    path("workers/<str:worker_id>/", workforce.worker_detail, name="worker"),
    path("workers/<str:worker_id>/save/", workforce.worker_save, name="worker-save"),
    path("workers/<str:worker_id>/week/", workforce.worker_week_save, name="worker-week-save"),
    path("workers/<str:worker_id>/schedule/", schedules.worker_schedule_page, name="worker-schedule"),
    path("roster/", schedules.roster, name="roster"),
    path("roster/set/", schedules.roster_set, name="roster-set"),
    path("time-off/", workforce.time_off, name="time-off"),
    path("time-off/add/", workforce.time_off_add, name="time-off-add"),
    path("time-off/<str:time_off_id>/delete/", workforce.time_off_delete, name="time-off-delete"),
    path("dispatch/", dispatch_board.board_page, name="dispatch"),
    path("dispatch/board/", dispatch_board.board_fragment, name="dispatch-board"),
    path("dispatch/assign/", dispatch_board.board_assign, name="dispatch-assign"),
    path("dispatch/optimise/", optimise_day.optimise_page, name="dispatch-optimise"),
    path("dispatch/optimise/apply/", optimise_day.apply_page, name="dispatch-optimise-apply"),
    path("orders/", orders.board, name="orders"),
    path("orders/<str:order_id>/", orders.order_detail, name="order"),
    path("orders/<str:order_id>/assign/", orders.order_assign, name="order-assign"),
    path("orders/<str:order_id>/cancel/", orders.order_cancel, name="order-cancel"),
    path("orders/<str:order_id>/reschedule/", orders.order_reschedule, name="order-reschedule"),
    path("orders/<str:order_id>/confirm-payment/", orders.order_confirm_payment, name="order-confirm-payment"),
    path("payments/", payments.payments, name="payments"),
    path("earnings/", earnings.earnings_settings, name="earnings"),
    path("earnings/rules/", earnings.commission_rule_add, name="earnings-rule-add"),
    path("withdrawals/", earnings.withdrawals, name="withdrawals"),
    path("withdrawals/<str:withdrawal_id>/approve/", earnings.withdrawal_approve, name="withdrawal-approve"),
    path("withdrawals/<str:withdrawal_id>/reject/", earnings.withdrawal_reject, name="withdrawal-reject"),
    path("payments/<str:payment_id>/refund/", payments.payment_refund, name="payment-refund"),
    path("payments/<str:method>/credentials/", payments.payment_credentials, name="payment-credentials"),
    path("catalog/", catalog.catalog, name="catalog"),
    path("catalog/categories/new/", catalog.category_new, name="catalog-category-new"),
    path("catalog/categories/<str:category_id>/", catalog.category_detail, name="catalog-category"),
    path("catalog/categories/<str:category_id>/save/", catalog.category_save, name="catalog-category-save"),
    path("catalog/categories/<str:category_id>/delete/", catalog.category_delete, name="catalog-category-delete"),
    path("catalog/services/new/", catalog.service_new, name="catalog-service-new"),
    path("catalog/services/<str:service_id>/", catalog.service_detail, name="catalog-service"),
    path("catalog/services/<str:service_id>/save/", catalog.service_save, name="catalog-service-save"),
    path("catalog/services/<str:service_id>/variants/", catalog.variant_add, name="catalog-variant-add"),
    path("catalog/services/<str:service_id>/add-ons/", catalog.add_on_add, name="catalog-add-on-add"),
    path("catalog/services/<str:service_id>/policy/", catalog.policy_save, name="catalog-policy-save"),
    path("catalog/services/<str:service_id>/photos/", catalog.photo_add, name="catalog-photo-add"),
    path("catalog/variants/<str:variant_id>/save/", catalog.variant_save, name="catalog-variant-save"),
    path("catalog/variants/<str:variant_id>/delete/", catalog.variant_delete, name="catalog-variant-delete"),
    path("catalog/add-ons/<str:add_on_id>/save/", catalog.add_on_save, name="catalog-add-on-save"),
    path("catalog/add-ons/<str:add_on_id>/delete/", catalog.add_on_delete, name="catalog-add-on-delete"),
    path("catalog/photos/<str:photo_id>/delete/", catalog.photo_delete, name="catalog-photo-delete"),
    path("catalog/surcharges/", rules.surcharges, name="catalog-surcharges"),
    path("catalog/surcharges/add/", rules.surcharge_add, name="catalog-surcharge-add"),
    path("catalog/surcharges/<str:surcharge_id>/", rules.surcharge_detail, name="catalog-surcharge"),
    path("catalog/surcharges/<str:surcharge_id>/save/", rules.surcharge_save, name="catalog-surcharge-save"),
    path("catalog/surcharges/<str:surcharge_id>/delete/", rules.surcharge_delete, name="catalog-surcharge-delete"),
    path("catalog/zones/", rules.zones, name="catalog-zones"),
    path("catalog/zones/add/", rules.zone_add, name="catalog-zone-add"),
    path("catalog/zones/<str:zone_id>/", rules.zone_detail, name="catalog-zone"),
    path("catalog/zones/<str:zone_id>/save/", rules.zone_save, name="catalog-zone-save"),
    path("catalog/zones/<str:zone_id>/delete/", rules.zone_delete, name="catalog-zone-delete"),
    path("catalog/settings/", rules.settings_save, name="catalog-settings-save"),
    path("catalog/holidays/", rules.holidays, name="catalog-holidays"),
    path("catalog/holidays/add/", rules.holiday_add, name="catalog-holiday-add"),
    path("catalog/holidays/<str:holiday_id>/", rules.holiday_detail, name="catalog-holiday"),
    path("catalog/holidays/<str:holiday_id>/save/", rules.holiday_save, name="catalog-holiday-save"),
    path("catalog/holidays/<str:holiday_id>/delete/", rules.holiday_delete, name="catalog-holiday-delete"),
    *login_urls(views.OFFICE),
    ticket_login_url(views.OFFICE),
]
