"""Keep the host cache honest when domains change outside the services (shell, console)."""
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import hosts
from .models import Company, Domain


@receiver([post_save, post_delete], sender=Domain)
def forget_domain(sender, instance: Domain, **kwargs) -> None:
    # Again after commit: a request between the change and the commit may have cached the old answer.
    hosts.forget_host(instance.domain)
    transaction.on_commit(lambda: hosts.forget_host(instance.domain))


@receiver(post_save, sender=Company)
def forget_company(sender, instance: Company, created: bool, **kwargs) -> None:
    if not created:
        hosts.forget_company(instance)
        transaction.on_commit(lambda: hosts.forget_company(instance))
