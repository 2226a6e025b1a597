"""The SLA clocks of a case: acknowledge, propose a remedy, close. They run from the report, pause
while the case waits on the customer, stop when their step is done, and are flagged breached when
their budget runs out (beat: flag_breaches) or when they stop late. Expects the case's lock."""
from __future__ import annotations

from datetime import datetime, timedelta

from .models import AftersalesSettings, Case, CaseStatus, CaseTimer, TimerKind

STOPPED_BY = {"acknowledge": (TimerKind.ACKNOWLEDGE,), "propose_remedy": (TimerKind.REMEDY,),
              "close": (TimerKind.ACKNOWLEDGE, TimerKind.REMEDY, TimerKind.CLOSE)}


def aftersales_settings() -> AftersalesSettings:
    return AftersalesSettings.objects.filter(pk=1).first() or AftersalesSettings(pk=1)


def start_timers(*, case: Case, now: datetime) -> list[CaseTimer]:
    settings = aftersales_settings()
    budgets = {TimerKind.ACKNOWLEDGE: settings.acknowledge_hours, TimerKind.REMEDY: settings.remedy_hours,
               TimerKind.CLOSE: settings.close_hours}
    return CaseTimer.objects.bulk_create([
        CaseTimer(case=case, kind=kind, budget=timedelta(hours=hours), running_since=now,
                  due_at=now + timedelta(hours=hours)) for kind, hours in budgets.items()])


def follow_status(*, case: Case, before: str, action: str, now: datetime) -> None:
    """Keep the case's clocks in step with the move just made."""
    waiting = CaseStatus.WAITING_ON_CUSTOMER
    if action not in STOPPED_BY and (case.status == waiting) == (before == waiting):
        return
    for timer in CaseTimer.objects.filter(case=case, stopped_at__isnull=True):
        if timer.kind in STOPPED_BY.get(action, ()):
            stop(timer, now)
        elif case.status == waiting and before != waiting:
            pause(timer, now)
        elif before == waiting and case.status != waiting:
            resume(timer, now)
        else:
            continue
        timer.save()


def remaining(timer: CaseTimer, now: datetime) -> timedelta:
    """What is left of the budget at `now` (negative once overrun)."""
    used = timer.used + (now - timer.running_since if timer.running_since else timedelta(0))
    return timer.budget - used


def pause(timer: CaseTimer, now: datetime) -> None:
    if timer.running_since is None:
        return
    timer.used += now - timer.running_since
    timer.running_since = timer.due_at = None


def resume(timer: CaseTimer, now: datetime) -> None:
    if timer.running_since is not None or timer.stopped_at is not None:
        return
    timer.running_since = now
    timer.due_at = now + (timer.budget - timer.used)


def stop(timer: CaseTimer, now: datetime) -> None:
    if timer.running_since is not None:
        if timer.breached_at is None and timer.due_at is not None and timer.due_at < now:
            timer.breached_at = timer.due_at  # stopped late, before beat saw it
        timer.used += now - timer.running_since
    timer.running_since = timer.due_at = None
    timer.stopped_at = now
