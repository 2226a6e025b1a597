"""Writing outbox rows in the caller's transaction, and delivering them after commit exactly once."""
from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils import timezone

from shared_apps.accounts.models import User
from shared_apps.changes.services import record_change
from shared_apps.core.actor import SystemActor
from shared_apps.core.errors import NotFound
from shared_apps.sms.backends import send_sms

from .locks import lock_outbox_row, lock_pending_outbox_row
from .messages import render
from .models import Channel, Notification, Outbox, OutboxStatus

logger = logging.getLogger("doorstep.notifications")
DEFAULT_CHANNELS = (Channel.INBOX, Channel.SMS, Channel.EMAIL)


def _company_id() -> int | None:
    pk = getattr(connection.tenant, "pk", None)
    if pk is not None and getattr(connection.tenant, "schema_name", None) == connection.schema_name:
        return pk
    from tenants.models import Company

    return Company.objects.filter(schema_name=connection.schema_name).values_list("pk", flat=True).first()


def notify(*, actor: User | SystemActor, user_ids: Iterable[int], kind: str, context: dict[str, Any],
           channels: Sequence[str] = DEFAULT_CHANNELS, dedupe_key: str | None = None) -> list[Outbox]:
    """Write one outbox row per recipient in the current transaction (in the current company's
    schema's name); each is handed to Celery once the transaction commits. With `dedupe_key`, a
    message already written under that key (per recipient) is not written again."""
    company_id = _company_id()
    sent_by = None if isinstance(actor, SystemActor) else actor.pk
    rows = []
    for user_id in dict.fromkeys(u for u in user_ids if u is not None):
        key = f"{dedupe_key}:{user_id}" if dedupe_key else None
        if key and Outbox.objects.filter(dedupe_key=key).exists():
            continue
        rows.append(Outbox(user_id=user_id, sent_by_id=sent_by, company_id=company_id,
                           schema_name=connection.schema_name, kind=kind, channels=list(channels), context=context,
                           dedupe_key=key))
    rows = Outbox.objects.bulk_create(rows)
    for row in rows:
        transaction.on_commit(lambda pk=row.pk: _enqueue(pk))
    return rows


def notify_each(*, actor: User | SystemActor, messages: Sequence[tuple[Iterable[int], str, dict[str, Any]]],
                channels: Sequence[str] = DEFAULT_CHANNELS) -> list[Outbox]:
    """notify() for many messages at once (a batch of automatic offers): each (user ids, kind,
    context) becomes one outbox row per recipient, all in one INSERT, handed to Celery after commit
    as one task (deliver_outbox_batch) that delivers each as notify()'s would. No dedupe keys."""
    company_id = _company_id()
    sent_by = None if isinstance(actor, SystemActor) else actor.pk
    rows = Outbox.objects.bulk_create([
        Outbox(user_id=user_id, sent_by_id=sent_by, company_id=company_id, schema_name=connection.schema_name,
               kind=kind, channels=list(channels), context=context)
        for user_ids, kind, context in messages for user_id in dict.fromkeys(u for u in user_ids if u is not None)])
    ids = [row.pk for row in rows]
    if ids:
        transaction.on_commit(lambda: _enqueue_batch(ids))
    return rows


def _enqueue_batch(outbox_ids: list[int]) -> None:
    from .tasks import deliver_outbox_batch as deliver_outbox_batch_task

    try:
        deliver_outbox_batch_task.delay(outbox_ids)
    except Exception:  # the broker is down: the sweeper sends them later
        logger.exception("could not enqueue %d outbox rows", len(outbox_ids))


def _enqueue(outbox_id: int) -> None:
    from .tasks import deliver_outbox as deliver_outbox_task

    try:
        deliver_outbox_task.delay(outbox_id)
    except Exception:  # the broker is down: the sweeper sends it later
        logger.exception("could not enqueue outbox %s", outbox_id)


def deliver_outbox_message(*, outbox_id: int) -> bool:
    """Deliver one outbox row: the inbox entry, the SMS, the email. Under the row's lock; a row that
    is already delivered (or gone) is left alone, so running this twice sends nothing twice. Returns
    whether this call delivered it. A failing channel rolls everything back and raises (Celery retries)."""
    with transaction.atomic():
        row = lock_outbox_row(outbox_id)
        if row is None or row.status != OutboxStatus.PENDING:
            return False
        user = row.user
        language = user.preferred_language or row.context.get("language") or "en"
        title, body = render(row.kind, row.context, language=language)
        if Channel.INBOX in row.channels:
            Notification.objects.create(user=user, company_id=row.company_id, outbox=row, kind=row.kind,
                                        title=title, body=body, data=row.context.get("data", {}))
        if Channel.SMS in row.channels and user.phone:
            company = row.context.get("company")
            send_sms(user.phone, f"[{company}] {title}: {body}" if company else f"{title}: {body}")
        if Channel.EMAIL in row.channels and user.email:
            send_mail(title, body, None, [user.email])
        row.status, row.delivered_at = OutboxStatus.DELIVERED, timezone.now()
        row.attempts += 1
        row.save(update_fields=["status", "delivered_at", "attempts", "updated_at"])
    return True


def record_delivery_failure(*, actor: User | SystemActor, outbox_id: int, error: str, final: bool) -> None:
    """Count a failed attempt; after the last retry the row is marked failed (the office can see it)."""
    with transaction.atomic():
        row = lock_pending_outbox_row(outbox_id)
        if row is None:
            return
        row.attempts += 1
        row.last_error = error[:2000]
        if final:
            row.status = OutboxStatus.FAILED
        row.save(update_fields=["attempts", "last_error", "status", "updated_at"])
        if final:  # the last retry gave up: a change someone may have to answer for
            record_change(actor=actor, action="notification.failed", target_id=row.pk,
                          data={"kind": row.kind, "user": row.user_id}, reason=row.last_error[:500])


def mark_notification_read(*, actor: User, notification: Notification) -> Notification:
    """The recipient read it (anyone else's notification is not found)."""
    if notification.user_id != actor.pk:
        raise NotFound("notification")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification
