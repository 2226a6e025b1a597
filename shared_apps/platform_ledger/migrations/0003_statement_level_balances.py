"""Balances move once per INSERT statement, not once per posting row (docs/decisions.md, "Faster
money paths"). The row-level trigger ran one dynamic UPDATE (parsed and planned afresh) per posting:
four for a tip, two of them on the same account. The statement-level trigger reads the statement's
new postings (a transition table), nets them per account and updates each account once; an account
whose postings net to zero is not touched. The accounts' CHECK still refuses an overdrawn guarded
account, now on the statement's net movement (what services.post already checks in Python).

The deferred constraint triggers (balanced at COMMIT) stay row-level: PostgreSQL has no other kind.
The new function lives in `public` beside the others and serves every company's ledger too
(tenant_apps.ledger 0004)."""
from django.db import migrations

FUNCTION = r"""
-- A statement's postings move their accounts' balances (TG_ARGV[0]: the accounts table), one UPDATE
-- per statement with each account's net movement. `new_postings` is the statement's transition table.
CREATE OR REPLACE FUNCTION public.ledger_apply_postings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('UPDATE %I.%I AS account SET balance = account.balance + moved.amount, updated_at = now() '
                   'FROM (SELECT account_id, sum(amount) AS amount FROM new_postings GROUP BY account_id) AS moved '
                   'WHERE account.id = moved.account_id AND moved.amount <> 0',
                   TG_TABLE_SCHEMA, TG_ARGV[0]);
    RETURN NULL;
END $$;
"""

DROP_FUNCTION = "DROP FUNCTION IF EXISTS public.ledger_apply_postings();"


def statement_trigger(accounts: str, postings: str) -> str:
    """One ledger's balance trigger, statement-level (tenant_apps.ledger 0004 writes the same out)."""
    return f"""
DROP TRIGGER IF EXISTS {postings}_moves_balance ON {postings};
CREATE TRIGGER {postings}_moves_balance AFTER INSERT ON {postings}
    REFERENCING NEW TABLE AS new_postings
    FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_apply_postings('{accounts}');
"""


def row_trigger(accounts: str, postings: str) -> str:
    """The trigger of 0002, for going back."""
    return f"""
DROP TRIGGER IF EXISTS {postings}_moves_balance ON {postings};
CREATE TRIGGER {postings}_moves_balance AFTER INSERT ON {postings}
    FOR EACH ROW EXECUTE FUNCTION public.ledger_apply_posting('{accounts}');
"""


ACCOUNTS, POSTINGS = "platform_ledger_account", "platform_ledger_posting"


class Migration(migrations.Migration):
    dependencies = [("platform_ledger", "0002_ledger_invariants")]

    operations = [
        migrations.RunSQL(FUNCTION, DROP_FUNCTION),
        migrations.RunSQL(statement_trigger(ACCOUNTS, POSTINGS), row_trigger(ACCOUNTS, POSTINGS)),
    ]
