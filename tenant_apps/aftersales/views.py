"""After-sales pages: the customer's "Report a problem" on their order (the form, then the case with
the notes meant for them and the remedy to answer), and the office's list (filters, SLA state) and
case page (acknowledge, ask the customer, notes per side, propose a remedy, book the follow-up
visit, refund, credit, escalate, close)."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.accounts.access import signed_in
from shared_apps.core.company import company_time_zone
from shared_apps.core.errors import DomainError, NotFound
from shared_apps.core.forms import show_domain_error
from tenant_apps.catalog.translations import pick
from tenant_apps.insurance.selectors import claim_of_case, claim_terms, policy_of_order
from tenant_apps.orders.after_visit import company_today, follow_up_starts, photos_by_id
from tenant_apps.orders.photos import photo_url
from tenant_apps.orders.selectors import get_order_for_customer, get_order_for_office
from tenant_apps.people.access import office_staff_required
from tenant_apps.people.selectors import customer_of

from . import machine
from .forms import (
    AskForm,
    CaseFilterForm,
    ClaimForm,
    CustomerNoteForm,
    FollowUpForm,
    NoteForm,
    ReasonForm,
    RemedyForm,
    ReportForm,
    WindowForm,
)
from .machine import Side
from .photos import case_photo_url
from .selectors import (
    case_of_order_for_customer,
    clocks_of,
    get_case_for_office,
    live_remedy,
    notes_for,
    office_cases,
    report_windows,
)
from .services import claims, configuration, mediation, remedies
from .services.reporting import report_problem

LOGIN = "storefront:login"
LIST_SIZE = 300
FOLLOW_UP_DAYS = 7


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    with timezone.override(ZoneInfo(company_time_zone())):
        return render(request, template, context, status=status)


def _refuse(request: HttpRequest, error: DomainError) -> None:
    if error.status == 404:
        raise error
    messages.error(request, error.message)


def _timeline(case, side: str) -> list[dict]:
    """The case's moves as `side` reads them: the office sees every move and its reason; the
    customer sees the moves but not the office's reasons except its questions and closing words."""
    shown = []
    for event in case.events.all():
        if side != Side.OFFICE and event.action in ("breach", "note"):
            continue
        reason = event.reason if side == Side.OFFICE or event.action in ("ask_customer", "close", "propose_remedy",
                                                                         "reject_remedy", "escalate") else ""
        shown.append({"event": event, "label": machine.label_of(event.action), "reason": reason})
    return shown


# ---- the customer ---------------------------------------------------------------------------------

def _customer_context(request, order, case, form=None, note_form=None) -> dict:
    return {
        "order": order, "case": case, "form": form or ReportForm(),
        "note_form": note_form or CustomerNoteForm(),
        "notes": list(notes_for(case, Side.CUSTOMER)) if case else [],
        "timeline": _timeline(case, Side.CUSTOMER) if case else [],
        "remedy": live_remedy(case) if case else None,
        "photos": [case_photo_url(p) for p in case.photos.all()] if case else [],
        "can_answer": bool(case) and machine.can(case, "accept_remedy", Side.CUSTOMER),
        "can_escalate": bool(case) and machine.can(case, "escalate", Side.CUSTOMER) and not case.escalated_at,
        "can_write": bool(case) and machine.can(case, "note", Side.CUSTOMER),
    }


def _customer_case(request, order_id):
    customer = customer_of(request.user)
    if customer is None:
        raise NotFound("order")
    order = get_order_for_customer(customer, order_id)
    return customer, order, case_of_order_for_customer(customer, order.pk)


@signed_in(LOGIN)
def order_problem(request, order_id):
    """Report a problem with the order (the form), or the case once reported."""
    customer, order, case = _customer_case(request, order_id)
    if request.method != "POST":
        return _page(request, "aftersales/customer_case.html", _customer_context(request, order, case))
    if case is not None and case.status != "closed":
        return redirect("storefront:order-problem", order_id=order.pk)
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            report_problem(actor=request.user, customer=customer, order=order, category=data["category"],
                           severity=data["severity"], description=data["description"], photos=form.photos())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Your report is in. The company will answer soon."))
            return redirect("storefront:order-problem", order_id=order.pk)
    return _page(request, "aftersales/customer_case.html", _customer_context(request, order, None, form=form),
                 status=400)


@require_POST
@signed_in(LOGIN)
def customer_note(request, order_id):
    _customer, order, case = _customer_case(request, order_id)
    if case is None:
        raise NotFound("case")
    form = CustomerNoteForm(request.POST)
    if form.is_valid():
        try:
            mediation.add_note(actor=request.user, case=case, side=Side.CUSTOMER, text=form.cleaned_data["text"])
        except DomainError as error:
            _refuse(request, error)
        else:
            messages.success(request, _("Sent."))
            return redirect("storefront:order-problem", order_id=order.pk)
    return _page(request, "aftersales/customer_case.html",
                 _customer_context(request, order, case, note_form=form), status=400)


@require_POST
@signed_in(LOGIN)
def customer_answer(request, order_id):
    """Accept or reject the proposed remedy."""
    _customer, order, case = _customer_case(request, order_id)
    if case is None:
        raise NotFound("case")
    accept = request.POST.get("answer") == "accept"
    try:
        mediation.answer_remedy(actor=request.user, case=case, accept=accept,
                                reason=request.POST.get("reason", "")[:2000])
    except DomainError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("Thank you: you accepted the remedy.") if accept
                         else _("You rejected the remedy; the company will get back to you."))
    return redirect("storefront:order-problem", order_id=order.pk)


@require_POST
@signed_in(LOGIN)
def customer_escalate(request, order_id):
    _customer, order, case = _customer_case(request, order_id)
    if case is None:
        raise NotFound("case")
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tell us why the platform should look at it."))
    else:
        try:
            mediation.escalate_case(actor=request.user, case=case, side=Side.CUSTOMER,
                                    reason=form.cleaned_data["reason"])
        except DomainError as error:
            _refuse(request, error)
        else:
            messages.success(request, _("The platform's support team will look at your case."))
    return redirect("storefront:order-problem", order_id=order.pk)


# ---- the office -----------------------------------------------------------------------------------

@office_staff_required
def case_list(request):
    form = CaseFilterForm(request.GET or {"status": "active"})
    query = form.cleaned_data if form.is_valid() else {"status": "active"}
    sla = query.get("sla")
    cases = list(office_cases(status=query.get("status", ""), category=query.get("category", ""),
                              breached={"breached": True, "on_time": False}.get(sla),
                              escalated=True if query.get("escalated") else None)[:LIST_SIZE])
    now = timezone.now()
    rows = [{"case": c, "clocks": clocks_of(c, now)} for c in cases]
    return _page(request, "aftersales/office_list.html", {
        "form": form, "rows": rows,
        "windows": [{"category": c, "name": pick(c.name), "hours": h,
                     "form": WindowForm(initial={"category": c.pk, "hours": h})}
                    for c, h in report_windows()],
        "can_configure": request.staff_member.can_manage_company,
    })


def _follow_up_choices(case) -> list[tuple[datetime, str]]:
    now = timezone.now()
    zone = ZoneInfo(company_time_zone())
    starts = follow_up_starts(case.order, first_day=company_today(now), days=FOLLOW_UP_DAYS, now=now)
    return [(s, formats.date_format(s.astimezone(zone), "DATETIME_FORMAT")) for s in starts[:200]]


def _office_detail(request, case, forms: dict | None = None, status: int = 200) -> HttpResponse:
    forms = forms or {}
    remedy = live_remedy(case)
    ready = remedy is not None and remedy.status == "accepted" and case.status == "remedy_accepted"
    context = {
        "case": case, "order": case.order, "clocks": clocks_of(case),
        "timeline": _timeline(case, Side.OFFICE), "notes": list(notes_for(case, Side.OFFICE)),
        "remedy": remedy, "remedies": list(case.remedies.all()),
        "photos": [case_photo_url(p) for p in case.photos.all()],
        "evidence_photos": [photo_url(p) for p in photos_by_id(case.evidence.get("photo_ids", []))],
        "arrival": case.evidence.get("arrival") or {},
        "can": {action: machine.can(case, action, Side.OFFICE) for action in (
            "acknowledge", "ask_customer", "mediate", "propose_remedy", "close", "escalate", "note")},
        "note_form": forms.get("note", NoteForm()), "ask_form": forms.get("ask", AskForm()),
        "remedy_form": forms.get("remedy", RemedyForm()), "close_form": forms.get("close", ReasonForm()),
        "escalate_form": forms.get("escalate", ReasonForm(prefix="escalate")),
        "ready": ready, "can_refund": request.staff_member.can_manage_money,
    }
    if case.category == "damage":
        policy = policy_of_order(case.order_id)
        context["insurance"] = {
            "policy": policy, "claim": claim_of_case(case.pk),
            "terms": claim_terms(ended_at=policy.ended_at if policy else None, reported_at=case.created_at),
            "form": forms.get("claim", ClaimForm(prefix="claim")),
            "can_file": machine.can(case, "file_claim", Side.OFFICE),
        }
    if ready and remedy.kind == "reservice":
        context["follow_up_form"] = forms.get("follow_up", FollowUpForm(starts=_follow_up_choices(case)))
    return _page(request, "aftersales/office_case.html", context, status=status)


@office_staff_required
def case_detail(request, case_id):
    return _office_detail(request, get_case_for_office(case_id))


def _office_action(request, case_id, run, *, form_name: str | None = None, form=None) -> HttpResponse:
    """Run one office action on the case: back to the case page with a message, or the page again
    with the form's errors (400)."""
    case = get_case_for_office(case_id)
    if form is not None and not form.is_valid():
        return _office_detail(request, case, {form_name: form}, status=400)
    try:
        message = run(case)
    except DomainError as error:
        if form is not None and error.fields:
            show_domain_error(form, error)
            return _office_detail(request, get_case_for_office(case_id), {form_name: form}, status=400)
        _refuse(request, error)
    else:
        messages.success(request, message)
    return redirect("office:case", case_id=case.pk)


@require_POST
@office_staff_required
def case_acknowledge(request, case_id):
    return _office_action(request, case_id, lambda case: (
        mediation.acknowledge_case(actor=request.user, case=case), _("Acknowledged: the customer sees it."))[1])


@require_POST
@office_staff_required
def case_mediate(request, case_id):
    return _office_action(request, case_id, lambda case: (
        mediation.start_mediation(actor=request.user, case=case), _("The case is in mediation."))[1])


@require_POST
@office_staff_required
def case_ask(request, case_id):
    form = AskForm(request.POST)
    return _office_action(request, case_id, lambda case: (
        mediation.ask_customer(actor=request.user, case=case, question=form.cleaned_data["question"]),
        _("Asked; the SLA clocks wait for the answer."))[1], form_name="ask", form=form)


@require_POST
@office_staff_required
def case_note(request, case_id):
    form = NoteForm(request.POST)
    return _office_action(request, case_id, lambda case: (
        mediation.add_note(actor=request.user, case=case, side=Side.OFFICE, text=form.cleaned_data["text"],
                           visibility=form.cleaned_data["visibility"]), _("Note added."))[1],
        form_name="note", form=form)


@require_POST
@office_staff_required
def case_propose(request, case_id):
    form = RemedyForm(request.POST)
    return _office_action(request, case_id, lambda case: (
        mediation.propose_remedy(actor=request.user, case=case, kind=form.cleaned_data["kind"],
                                 bearer=form.cleaned_data["bearer"], amount_fen=form.amount_fen(),
                                 note=form.cleaned_data["note"]),
        _("Remedy proposed: the customer can accept or reject it."))[1], form_name="remedy", form=form)


@require_POST
@office_staff_required
def case_follow_up(request, case_id):
    case = get_case_for_office(case_id)
    form = FollowUpForm(request.POST, starts=_follow_up_choices(case))
    return _office_action(request, case_id, lambda case: (
        remedies.book_follow_up(actor=request.user, case=case,
                                start=datetime.fromisoformat(form.cleaned_data["start"])),
        _("The follow-up visit is booked."))[1], form_name="follow_up", form=form)


@require_POST
@office_staff_required
def case_refund(request, case_id):
    return _office_action(request, case_id, lambda case: (
        remedies.refund_remedy(actor=request.user, case=case), _("Refunded."))[1])


@require_POST
@office_staff_required
def case_credit(request, case_id):
    return _office_action(request, case_id, lambda case: (
        remedies.grant_credit(actor=request.user, case=case), _("Credit granted."))[1])


@require_POST
@office_staff_required
def case_close(request, case_id):
    form = ReasonForm(request.POST)
    return _office_action(request, case_id, lambda case: (
        mediation.close_case(actor=request.user, case=case, reason=form.cleaned_data["reason"]),
        _("Case closed."))[1], form_name="close", form=form)


@require_POST
@office_staff_required
def case_escalate(request, case_id):
    form = ReasonForm(request.POST, prefix="escalate")
    return _office_action(request, case_id, lambda case: (
        mediation.escalate_case(actor=request.user, case=case, side=Side.OFFICE, reason=form.cleaned_data["reason"]),
        _("Escalated to the platform."))[1], form_name="escalate", form=form)


@require_POST
@office_staff_required
def case_claim(request, case_id):
    form = ClaimForm(request.POST, prefix="claim")
    return _office_action(request, case_id, lambda case: (
        claims.claim_damage(actor=request.user, case=case, amount_fen=form.amount_fen()),
        _("The claim is filed with the insurer."))[1], form_name="claim", form=form)


@require_POST
@office_staff_required
def case_claim_check(request, case_id):
    return _office_action(request, case_id, lambda case: (
        claims.check_claim(actor=request.user, case=case), _("The insurer's answer is in."))[1])


@require_POST
@office_staff_required
def order_no_show(request, order_id):
    """The customer called: the worker accepted and never came. The office opens the no_show case for
    them (refused with the reason before the start and the company's grace, or after an arrival)."""
    order = get_order_for_office(order_id)
    description = (request.POST.get("description") or "").strip()[:5000]
    try:
        case = report_problem(actor=request.user, customer=order.customer, order=order, category="no_show",
                              severity="high", description=description, side=Side.OFFICE)
    except DomainError as error:
        if error.fields:
            messages.error(request, _("Write what the customer said."))
        else:
            _refuse(request, error)
        return redirect("office:order", order_id=order.pk)
    messages.success(request, _("The no-show case is open."))
    return redirect("office:case", case_id=case.pk)


@require_POST
@office_staff_required
def window_save(request):
    if not request.staff_member.can_manage_company:
        messages.error(request, _("Only the owner and admins can change the report windows."))
        return redirect("office:cases")
    form = WindowForm(request.POST)
    if form.is_valid():
        try:
            configuration.set_report_window(actor=request.user, category_id=form.cleaned_data["category"],
                                            hours=form.cleaned_data["hours"])
        except DomainError as error:
            _refuse(request, error)
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Enter hours between 1 and 2160, or leave it empty for the default."))
    return redirect("office:cases")

