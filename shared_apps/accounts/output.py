"""How the API shows a user (the sign-in answer, /me/, the console)."""
from rest_framework import serializers


class UserOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    phone = serializers.CharField(allow_null=True)
    email = serializers.CharField(allow_null=True)
    status = serializers.CharField()
    is_platform_operator = serializers.BooleanField()


def user_data(user) -> dict:
    return {
        "id": user.pk, "name": user.name, "phone": user.phone, "email": user.email,
        "status": user.status, "is_platform_operator": user.is_platform_operator,
    }
