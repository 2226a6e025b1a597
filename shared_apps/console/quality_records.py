"""Writers of the console's cross-company quality lists (sanctions, insurance claims). Company
services call these inside their own transaction, so the public row commits with the change."""
from __future__ import annotations

from datetime import datetime

from .models import ClaimRecord, SanctionRecord


def record_sanction(*, company_id: int, sanction_id: int, user_id: int, level: int, level_name: str, ground: str,
                    status: str, appeal_status: str, issued_at: datetime) -> SanctionRecord:
    row, _created = SanctionRecord.objects.update_or_create(
        company_id=company_id, sanction_id=sanction_id,
        defaults={"user_id": user_id, "level": level, "level_name": level_name[:40], "ground": ground,
                  "status": status, "appeal_status": appeal_status, "issued_at": issued_at})
    return row


def record_claim(*, company_id: int, claim_id: int, case_id: int, insurer_reference: str, amount_fen: int,
                 approved_fen: int, status: str, serial_claimant: bool, filed_at: datetime) -> ClaimRecord:
    row, _created = ClaimRecord.objects.update_or_create(
        company_id=company_id, claim_id=claim_id,
        defaults={"case_id": case_id, "insurer_reference": insurer_reference[:100], "amount_fen": amount_fen,
                  "approved_fen": approved_fen, "status": status, "serial_claimant": serial_claimant,
                  "filed_at": filed_at})
    return row
