"""What the office sees of the people it invited (shared by the staff and worker APIs)."""
from rest_framework import serializers


class StaffInvitationOutput(serializers.Serializer):
    """What the office knows of someone it invited: the number it typed, nothing of the person."""

    id = serializers.IntegerField()
    phone = serializers.CharField()
    role = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()


def invitation_data(invitation) -> dict:
    return {"id": invitation.pk, "phone": invitation.phone, "role": invitation.role, "status": invitation.status,
            "created_at": invitation.created_at.isoformat()}
