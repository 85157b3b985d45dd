from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_catalogue(sender: AppConfig, **kwargs: Any) -> None:
    """Keep the standard catalogue in the database current after every migrate (and after
    the test database is flushed). Fast and idempotent."""
    if sender.label != "monitoring":
        return
    from teilhabe.monitoring.services.catalogue import catalogue_sync

    catalogue_sync()


class MonitoringConfig(AppConfig):
    name = "teilhabe.monitoring"
    label = "monitoring"
    verbose_name = _("Integration monitoring")

    def ready(self) -> None:
        from teilhabe.core import demo, navigation
        from teilhabe.districts.roles import Capability
        from teilhabe.monitoring.demo import monitoring_demo, monitoring_surveys_demo

        post_migrate.connect(_sync_catalogue, sender=self, dispatch_uid="monitoring-catalogue")
        navigation.register(
            navigation.NavItem(
                key="monitoring",
                label=_("Monitoring"),
                url_name="monitoring:dashboard",
                capability=Capability.AGGREGATES_VIEW,
                order=20,
            )
        )
        navigation.register(
            navigation.NavItem(
                key="monitoring-imports",
                label=_("Data imports"),
                url_name="monitoring:imports",
                capability=Capability.RECORDS_EDIT,
                order=21,
            )
        )
        demo.register(demo.DemoStep(name="monitoring", order=20, run=monitoring_demo))
        demo.register(
            demo.DemoStep(name="monitoring-surveys", order=45, run=monitoring_surveys_demo)
        )
