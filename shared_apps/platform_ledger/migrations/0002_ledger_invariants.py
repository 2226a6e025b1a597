"""The ledgers' invariants, held by the database (docs/decisions.md, "Ledger").

Functions live in `public`, shared by the platform's ledger and every company's; each finds its
tables through TG_TABLE_SCHEMA and the trigger's arguments, so a trigger works whatever the
search_path is when it fires (a deferred one fires at COMMIT), and a cloned company schema keeps
pointing at its own tables (clone_schema copies triggers whose function is in public)."""
from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION public.ledger_assert_balanced(schema_name text, postings text, journal_id bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    lines bigint;
    total numeric;
BEGIN
    EXECUTE format('SELECT count(*), coalesce(sum(amount), 0) FROM %I.%I WHERE transaction_id = $1',
                   schema_name, postings)
        INTO lines, total USING journal_id;
    IF lines < 2 OR total <> 0 THEN
        RAISE EXCEPTION 'ledger: journal transaction % in % is not balanced (% postings summing to % fen)',
            journal_id, schema_name, lines, total
            USING ERRCODE = 'check_violation';
    END IF;
END $$;

-- Deferred constraint trigger on the postings: the transaction this posting joined is balanced at COMMIT.
CREATE OR REPLACE FUNCTION public.ledger_check_posting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM public.ledger_assert_balanced(TG_TABLE_SCHEMA, TG_TABLE_NAME, NEW.transaction_id);
    RETURN NULL;
END $$;

-- Deferred constraint trigger on the journal transactions (TG_ARGV[0]: the postings table): a
-- transaction with no postings at all is refused too.
CREATE OR REPLACE FUNCTION public.ledger_check_journal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM public.ledger_assert_balanced(TG_TABLE_SCHEMA, TG_ARGV[0], NEW.id);
    RETURN NULL;
END $$;

-- A posting moves its account's balance, in the same statement (TG_ARGV[0]: the accounts table).
-- The accounts' CHECK (balance >= 0 OR may_go_negative) then refuses an overdrawn guarded account.
CREATE OR REPLACE FUNCTION public.ledger_apply_posting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('UPDATE %I.%I SET balance = balance + $1, updated_at = now() WHERE id = $2',
                   TG_TABLE_SCHEMA, TG_ARGV[0])
        USING NEW.amount, NEW.account_id;
    RETURN NULL;
END $$;

-- Postings and journal transactions are append-only: a mistake is corrected by a new transaction.
CREATE OR REPLACE FUNCTION public.ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger: %.% is append-only (% refused)', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END $$;

-- An account starts at zero and its balance changes only through a posting (the trigger above,
-- nesting depth 2); what it is and whether it may go negative never change.
CREATE OR REPLACE FUNCTION public.ledger_guard_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.balance <> 0 THEN
            RAISE EXCEPTION 'ledger: a new account starts at 0 fen' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.balance IS DISTINCT FROM OLD.balance AND pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'ledger: an account balance changes only by postings'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.may_go_negative IS DISTINCT FROM OLD.may_go_negative OR NEW.kind IS DISTINCT FROM OLD.kind THEN
        RAISE EXCEPTION 'ledger: an account keeps its kind and guard' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS public.ledger_guard_account();
DROP FUNCTION IF EXISTS public.ledger_refuse_change();
DROP FUNCTION IF EXISTS public.ledger_apply_posting();
DROP FUNCTION IF EXISTS public.ledger_check_journal();
DROP FUNCTION IF EXISTS public.ledger_check_posting();
DROP FUNCTION IF EXISTS public.ledger_assert_balanced(text, text, bigint);
"""


def triggers(accounts: str, journal: str, postings: str) -> str:
    """The triggers of one ledger's three tables (tenant_apps.ledger 0002 writes the same out)."""
    return f"""
CREATE CONSTRAINT TRIGGER {postings}_balanced AFTER INSERT ON {postings}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.ledger_check_posting();
CREATE CONSTRAINT TRIGGER {journal}_balanced AFTER INSERT ON {journal}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.ledger_check_journal('{postings}');
CREATE TRIGGER {postings}_moves_balance AFTER INSERT ON {postings}
    FOR EACH ROW EXECUTE FUNCTION public.ledger_apply_posting('{accounts}');
CREATE TRIGGER {postings}_append_only BEFORE UPDATE OR DELETE ON {postings}
    FOR EACH ROW EXECUTE FUNCTION public.ledger_refuse_change();
CREATE TRIGGER {journal}_append_only BEFORE UPDATE OR DELETE ON {journal}
    FOR EACH ROW EXECUTE FUNCTION public.ledger_refuse_change();
CREATE TRIGGER {accounts}_guard BEFORE INSERT OR UPDATE ON {accounts}
    FOR EACH ROW EXECUTE FUNCTION public.ledger_guard_account();
"""


def drop_triggers(accounts: str, journal: str, postings: str) -> str:
    return f"""
DROP TRIGGER IF EXISTS {accounts}_guard ON {accounts};
DROP TRIGGER IF EXISTS {journal}_append_only ON {journal};
DROP TRIGGER IF EXISTS {postings}_append_only ON {postings};
DROP TRIGGER IF EXISTS {postings}_moves_balance ON {postings};
DROP TRIGGER IF EXISTS {journal}_balanced ON {journal};
DROP TRIGGER IF EXISTS {postings}_balanced ON {postings};
"""


TABLES = ("platform_ledger_account", "platform_ledger_transaction", "platform_ledger_posting")


class Migration(migrations.Migration):
    dependencies = [("platform_ledger", "0001_initial")]

    operations = [
        migrations.RunSQL(FUNCTIONS, DROP_FUNCTIONS),
        migrations.RunSQL(triggers(*TABLES), drop_triggers(*TABLES)),
    ]
