"""URLs of a company host: the storefront, the back office and the company API."""
from django.urls import include, path

from shared_apps.accounts import api as accounts_api
from shared_apps.accounts import login as accounts_views
from shared_apps.core import views as core_views
from shared_apps.notifications import api as notifications_api
from tenant_apps.office import api as office_api
from tenant_apps.orders.photos import order_photo
from tenant_apps.people import api as people_api
from tenant_apps.reviews.photos import review_photo

from .api_docs import docs_urls
from .media import media_urls

api_v1 = [
    path("auth/sms-code/", accounts_api.SmsCodeRequestApi.as_view(), name="auth-sms-code"),
    path("auth/token/", accounts_api.TokenApi.as_view(), name="auth-token"),
    path("auth/logout/", accounts_api.LogoutApi.as_view(), name="auth-logout"),
    path("me/", accounts_api.MeApi.as_view(), name="me"),
    path("customer/profile/", people_api.CustomerProfileRoutes.as_view(), name="customer-profile"),
    path("office/company/", office_api.CompanySettingsRoutes.as_view(), name="office-company"),
    path("office/domains/", office_api.CustomDomainApi.as_view(), name="office-domains"),
    path("office/staff/", people_api.StaffRoutes.as_view(), name="office-staff"),
    path("office/staff/invitations/", people_api.StaffInvitationListApi.as_view(), name="office-staff-invitations"),
    path("office/staff/<str:member_id>/", people_api.StaffMemberRoutes.as_view(), name="office-staff-detail"),
    path("", include("tenant_apps.catalog.api.urls")),  # catalog, quotes, office/catalog/
    path("", include("tenant_apps.workforce.urls")),  # office/workers/, shifts, time off, roster
    path("", include("tenant_apps.scheduling.urls")),  # slots/, holds/, workers/<id>/schedule/
    path("", include("tenant_apps.orders.urls")),  # orders/, office/orders/
    path("", include("tenant_apps.payments.urls")),  # office/payments/
    path("", include("tenant_apps.earnings.urls")),  # office/earnings/, office/withdrawals/, transfer notices
    path("", include("tenant_apps.reviews.urls")),  # reviews/, catalog/services/<id>/reviews/, office/reviews/
    path("notifications/", notifications_api.NotificationListApi.as_view(), name="notifications"),
    path("notifications/<str:notification_id>/read/", notifications_api.NotificationReadApi.as_view(),
         name="notification-read"),
]

urlpatterns = [
    path("ping", core_views.ping, name="ping"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("api/v1/", include(api_v1)),
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    *docs_urls("config.urls_tenant", "Doorstep company API"),
    path("office/", include("tenant_apps.office.urls")),
    path("payments/", include("tenant_apps.payments.notify_urls")),  # providers' notifications
    path("order-photos/<str:token>/", order_photo, name="order-photo"),
    path("review-photos/<str:token>/", review_photo, name="review-photo"),
    path("", include("tenant_apps.storefront.urls")),
    *media_urls(),
]

# A database or Redis outage answers 503 with Retry-After instead of a 500 (shared_apps.core.outages).
handler500 = "shared_apps.core.views.server_error"
