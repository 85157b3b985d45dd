from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    name = "teilhabe.districts"
    label = "districts"
    verbose_name = _("Districts")

    def ready(self) -> None:
        from teilhabe.core import navigation
        from teilhabe.districts.roles import Capability

        for key, label, url_name, capability, order in (
            ("home", _("Overview"), "districts:home", Capability.DISTRICT_VIEW, 0),
            ("gemeinden", _("Gemeinden"), "districts:gemeinden", Capability.DISTRICT_VIEW, 10),
            ("offices", _("Offices"), "districts:offices", Capability.OFFICES_VIEW, 80),
            ("members", _("Members"), "districts:members", Capability.MEMBERS_VIEW, 85),
            ("settings", _("Settings"), "districts:settings", Capability.DISTRICT_MANAGE, 95),
        ):
            navigation.register(
                navigation.NavItem(
                    key=key, label=label, url_name=url_name, capability=capability, order=order
                )
            )
