from django.apps import AppConfig


class AftersalesConfig(AppConfig):
    """After-sales cases (A5): a customer's report of a problem with a finished visit, its SLA timers,
    the office's mediation with notes per side, remedies (a follow-up visit, a refund, credit) and who
    bears their cost. Company schema."""

    name = "tenant_apps.aftersales"
    label = "aftersales"
