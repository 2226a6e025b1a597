"""URLs of the platform host: landing and sign-up, the worker app, the console, the platform API."""
from django.urls import include, path

from shared_apps.accounts import api as accounts_api
from shared_apps.accounts import login as accounts_views
from shared_apps.console import api as console_api
from shared_apps.core import views as core_views
from shared_apps.core.private_files import serve_private_file
from shared_apps.exams import public_pages as exam_pages
from shared_apps.notifications import api as notifications_api
from shared_apps.workerapp import api as worker_api
from shared_apps.workerapp import urls as worker_pages
from tenant_apps.aftersales import worker_page_urls as worker_problem_pages
from tenant_apps.earnings import worker_page_urls as worker_income_pages
from tenant_apps.orders import worker_page_urls as worker_task_pages
from tenant_apps.quality import worker_page_urls as worker_score_pages
from tenant_apps.reviews import worker_page_urls as worker_rating_pages
from tenants import api as tenants_api

from .api_docs import docs_urls
from .media import media_urls

api_v1 = [
    path("companies/", tenants_api.CompanySignUpApi.as_view(), name="company-signup"),
    path("auth/sms-code/", accounts_api.SmsCodeRequestApi.as_view(), name="auth-sms-code"),
    path("auth/token/", accounts_api.TokenApi.as_view(), name="auth-token"),
    path("auth/logout/", accounts_api.LogoutApi.as_view(), name="auth-logout"),
    path("me/", accounts_api.MeApi.as_view(), name="me"),
    path("worker/companies/", worker_api.WorkerCompaniesApi.as_view(), name="worker-companies"),
    path("worker/invitations/", worker_api.WorkerInvitationListApi.as_view(), name="worker-invitations"),
    path("worker/invitations/<str:company_id>/<str:invitation_id>/accept/",
         worker_api.WorkerInvitationAcceptApi.as_view(), name="worker-invitation-accept"),
    path("worker/invitations/<str:company_id>/<str:invitation_id>/decline/",
         worker_api.WorkerInvitationDeclineApi.as_view(), name="worker-invitation-decline"),
    path("", include("tenant_apps.orders.worker_urls")),  # worker/tasks/, worker/companies/<id>/tasks/<id>/
    path("", include("tenant_apps.earnings.worker_urls")),  # worker/income/, worker/companies/<id>/withdrawals/
    path("", include("tenant_apps.reviews.worker_urls")),  # worker/companies/<id>/tasks/<id>/customer-rating/
    path("notifications/", notifications_api.NotificationListApi.as_view(), name="notifications"),
    path("notifications/<str:notification_id>/read/", notifications_api.NotificationReadApi.as_view(),
         name="notification-read"),
    path("console/companies/", console_api.ConsoleCompanyListApi.as_view(), name="console-companies"),
    path("console/companies/<str:company_id>/status/", console_api.ConsoleCompanyStatusApi.as_view(),
         name="console-company-status"),
    path("console/users/<str:user_id>/status/", console_api.ConsoleUserStatusApi.as_view(),
         name="console-user-status"),
]

urlpatterns = [
    path("ping", core_views.ping, name="ping"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("files/<str:token>", serve_private_file, name="private-file"),
    path("api/v1/", include(api_v1)),
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    *docs_urls("config.urls_public", "Doorstep platform API"),
    path("worker/", include((worker_pages.urlpatterns + worker_task_pages.urlpatterns
                               + worker_income_pages.urlpatterns + worker_score_pages.urlpatterns
                               + worker_rating_pages.urlpatterns + worker_problem_pages.urlpatterns, "worker"))),
    path("console/", include("shared_apps.console.urls")),
    path("verify/<str:code>/", exam_pages.verify, name="verify-certificate"),
    path("", include("shared_apps.payment_providers.urls")),  # the sandbox gateway's hosted pay page
    path("", include("tenants.urls")),
    *media_urls(),
]

# A database or Redis outage answers 503 with Retry-After instead of a 500 (shared_apps.core.outages).
handler500 = "shared_apps.core.views.server_error"
