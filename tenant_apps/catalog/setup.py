"""This app's company set-up step (settings.COMPANY_SETUP_STEPS): the starter catalog."""
from .starter import install_starter_catalog


def install_starter(*, actor, company) -> None:
    """The starter catalog of the company's vertical."""
    install_starter_catalog(actor=actor, vertical=company.vertical)
