from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "teilhabe.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from teilhabe.core import navigation
        from teilhabe.districts.roles import Capability

        navigation.register(
            navigation.NavItem(
                key="audit",
                label=_("Audit log"),
                url_name="audit:entry_list",
                capability=Capability.AUDIT_VIEW,
                order=90,
            )
        )
