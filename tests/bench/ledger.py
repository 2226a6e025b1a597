"""Ledger postings: how long one realistic money movement takes to post and commit, in process
against the bench database. The company's ledger first gets a history (HISTORY journal transactions,
two postings each, written by SQL so the triggers keep the balances); then tips are posted one at a
time through the service (4 postings on 3 accounts, an event key, the deferred balance check at
COMMIT), for workers who already have thousands of postings between them."""
from __future__ import annotations

import time

from .environment import nearest_rank, say
from .registry import Bench, Figure, benchmark

HISTORY = 5_000
WORKERS = 4


@benchmark("ledger", changes_data=True,
           description="tenant_apps.ledger.services.record_tip (4 postings) over a ledger with history: p50, p95")
def ledger(bench: Bench):
    from django.db import connection
    from django_tenants.utils import tenant_context

    from shared_apps.accounts.models import User
    from shared_apps.core.actor import SYSTEM
    from tenant_apps.demo.seed import COMPANIES
    from tenant_apps.ledger import services
    from tenant_apps.ledger.models import AccountKind, Posting
    from tenants.models import Company

    company = Company.objects.get(slug=COMPANIES[0]["slug"])
    workers = list(User.objects.order_by("pk")[:WORKERS])
    with tenant_context(company):
        clearing = services.ensure_account(kind=AccountKind.PROVIDER_CLEARING, provider="sandbox")
        revenue = services.ensure_account(kind=AccountKind.COMPANY_REVENUE)
        pending = [services.ensure_account(kind=AccountKind.WORKER_PENDING, worker=w) for w in workers]
        started = time.monotonic()
        with connection.cursor() as cursor:
            for worker_account in pending:  # payments in, and each worker's share of them
                cursor.execute(
                    "WITH j AS (INSERT INTO ledger_journaltransaction (kind, memo, actor_name, order_id, created_at)"
                    " SELECT 'payment', 'bench history', 'bench', g, now() - g * interval '1 minute'"
                    " FROM generate_series(1, %s) g RETURNING id)"
                    " INSERT INTO ledger_posting (transaction_id, account_id, amount, created_at)"
                    " SELECT j.id, v.account_id, v.amount, now() FROM j"
                    " CROSS JOIN (VALUES (%s, -8000), (%s, 6000), (%s, 2000)) v(account_id, amount)",
                    [HISTORY // WORKERS, clearing.pk, revenue.pk, worker_account.pk])
            cursor.execute("VACUUM ANALYZE ledger_account, ledger_journaltransaction, ledger_posting")
        existing = Posting.objects.count()
        say(f"ledger: {existing} postings of history written in {time.monotonic() - started:.1f} s")
        latencies = []
        run = int(time.time())
        for i in range(bench.repeat(400, 40)):
            began = time.perf_counter()
            services.record_tip(actor=SYSTEM, order_id=i, provider="sandbox", worker=workers[i % len(workers)],
                                fen=500 + i, event_key=f"bench-tip-{run}-{i}", memo="bench tip")
            latencies.append((time.perf_counter() - began) * 1000)
    latencies.sort()
    say(f"ledger: {len(latencies)} tips posted one at a time: p50 {nearest_rank(latencies, 50):.2f} ms, "
        f"max {latencies[-1]:.2f} ms")
    yield Figure("ledger_post_p50_ms", nearest_rank(latencies, 50), "ms")
    yield Figure("ledger_post_p95_ms", nearest_rank(latencies, 95), "ms")
