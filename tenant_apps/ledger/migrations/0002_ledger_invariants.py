"""The company ledger's invariants, held by the database: the same triggers as the platform's
ledger, on this schema's tables, calling the functions platform_ledger 0002 put in `public`.
The SQL is written out here (not imported) so this migration never changes after the fact."""
from django.db import migrations

TRIGGERS = """
CREATE CONSTRAINT TRIGGER ledger_posting_balanced AFTER INSERT ON ledger_posting
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.ledger_check_posting();
CREATE CONSTRAINT TRIGGER ledger_journaltransaction_balanced AFTER INSERT ON ledger_journaltransaction
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.ledger_check_journal('ledger_posting');
CREATE TRIGGER ledger_posting_moves_balance AFTER INSERT ON ledger_posting
    FOR EACH ROW EXECUTE FUNCTION public.ledger_apply_posting('ledger_account');
CREATE TRIGGER ledger_posting_append_only BEFORE UPDATE OR DELETE ON ledger_posting
    FOR EACH ROW EXECUTE FUNCTION public.ledger_refuse_change();
CREATE TRIGGER ledger_journaltransaction_append_only BEFORE UPDATE OR DELETE ON ledger_journaltransaction
    FOR EACH ROW EXECUTE FUNCTION public.ledger_refuse_change();
CREATE TRIGGER ledger_account_guard BEFORE INSERT OR UPDATE ON ledger_account
    FOR EACH ROW EXECUTE FUNCTION public.ledger_guard_account();
"""

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS ledger_account_guard ON ledger_account;
DROP TRIGGER IF EXISTS ledger_journaltransaction_append_only ON ledger_journaltransaction;
DROP TRIGGER IF EXISTS ledger_posting_append_only ON ledger_posting;
DROP TRIGGER IF EXISTS ledger_posting_moves_balance ON ledger_posting;
DROP TRIGGER IF EXISTS ledger_journaltransaction_balanced ON ledger_journaltransaction;
DROP TRIGGER IF EXISTS ledger_posting_balanced ON ledger_posting;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0001_initial"),
        ("platform_ledger", "0002_ledger_invariants"),
    ]

    operations = [migrations.RunSQL(TRIGGERS, DROP_TRIGGERS)]
