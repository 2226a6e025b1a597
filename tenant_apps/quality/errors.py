"""Error codes of quality: sanctions and appeals."""
from enum import StrEnum


class QualityError(StrEnum):
    SKIPS_A_STEP = "sanction_skips_a_step"
    NOT_IN_FORCE = "sanction_not_in_force"
    ALREADY_APPEALED = "sanction_already_appealed"
    NOT_YOURS = "sanction_not_yours"
    SAME_DECIDER = "appeal_same_decider"
    ALREADY_DECIDED = "appeal_already_decided"
