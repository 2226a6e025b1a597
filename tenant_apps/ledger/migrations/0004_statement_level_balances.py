"""The company ledger's balances move once per INSERT statement (platform_ledger 0003 has the
function and the reasons). The SQL is written out here (not imported) so this migration never
changes after the fact."""
from django.db import migrations

STATEMENT_TRIGGER = """
DROP TRIGGER IF EXISTS ledger_posting_moves_balance ON ledger_posting;
CREATE TRIGGER ledger_posting_moves_balance AFTER INSERT ON ledger_posting
    REFERENCING NEW TABLE AS new_postings
    FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_apply_postings('ledger_account');
"""

ROW_TRIGGER = """
DROP TRIGGER IF EXISTS ledger_posting_moves_balance ON ledger_posting;
CREATE TRIGGER ledger_posting_moves_balance AFTER INSERT ON ledger_posting
    FOR EACH ROW EXECUTE FUNCTION public.ledger_apply_posting('ledger_account');
"""


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0003_remedy_and_insurance_accounts"),
        ("platform_ledger", "0003_statement_level_balances"),
    ]

    operations = [migrations.RunSQL(STATEMENT_TRIGGER, ROW_TRIGGER)]
