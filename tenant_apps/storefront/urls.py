"""Pages of a company's branded site (company host)."""
from django.urls import path

from shared_apps.accounts.login import login_urls
from shared_apps.notifications import views as notifications
from tenant_apps.catalog.views import storefront as catalog
from tenant_apps.orders.views import storefront as orders
from tenant_apps.reviews import views as reviews

from . import calendar as scheduling
from . import views

app_name = "storefront"
urlpatterns = [
    path("", views.home, name="home"),
    path("account/", views.account, name="account"),
    path("account/addresses/", views.address_add, name="address-add"),
    path("account/addresses/<str:address_id>/delete/", views.address_delete, name="address-delete"),
    path("orders/", orders.my_orders, name="orders"),
    path("orders/<str:order_id>/", orders.order_detail, name="order"),
    path("orders/<str:order_id>/timeline/", orders.order_timeline, name="order-timeline"),
    path("orders/<str:order_id>/cancel/", orders.order_cancel, name="order-cancel"),
    path("orders/<str:order_id>/pay/", orders.order_pay, name="order-pay"),
    path("orders/<str:order_id>/receipt/", orders.order_receipt, name="order-receipt"),
    path("orders/<str:order_id>/receipt.pdf", orders.order_receipt_pdf, name="order-receipt-pdf"),
    path("orders/<str:order_id>/reschedule/", orders.order_reschedule, name="order-reschedule"),
    path("orders/<str:order_id>/reschedule/<str:request_id>/approve/", orders.order_reschedule_approve,
         name="order-reschedule-approve"),
    path("orders/<str:order_id>/reschedule/<str:request_id>/decline/", orders.order_reschedule_decline,
         name="order-reschedule-decline"),
    path("orders/<str:order_id>/review/", orders.order_review, name="order-review"),
    path("orders/<str:order_id>/visit-review/", reviews.visit_review, name="visit-review"),
    path("reviews/<str:review_id>/report/", reviews.review_report, name="review-report"),
    path("book/", orders.book, name="book"),
    path("notifications/", notifications.storefront_inbox, name="notifications"),
    path("notifications/<str:notification_id>/read/", notifications.storefront_read, name="notification-read"),
    path("categories/<str:category_id>/", catalog.category, name="category"),
    path("services/<str:service_id>/", catalog.service_detail, name="service"),
    path("services/<str:service_id>/quote/", catalog.service_quote, name="service-quote"),
    path("services/<str:service_id>/calendar/", scheduling.service_calendar, name="service-calendar"),
    path("services/<str:service_id>/hold/", scheduling.service_hold, name="service-hold"),
    path("holds/<str:hold_id>/release/", scheduling.hold_release, name="hold-release"),
    *login_urls(views.STOREFRONT),
]
