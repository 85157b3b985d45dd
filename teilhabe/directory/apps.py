from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DirectoryConfig(AppConfig):
    name = "teilhabe.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from teilhabe.core import demo, navigation
        from teilhabe.districts.roles import Capability

        navigation.register(
            navigation.NavItem(
                key="directory",
                label=_("Directory"),
                url_name="directory:home",
                capability=Capability.DIRECTORY_EDIT,
                order=40,
            )
        )
        navigation.register(
            navigation.NavItem(
                key="directory-moderation",
                label=_("Moderation"),
                url_name="directory:moderation",
                capability=Capability.MODERATE,
                order=45,
            )
        )
        navigation.register_public(
            navigation.PublicNavItem(
                key="directory",
                label=pgettext_lazy("public", "Search and find"),
                url_name="directory_public:search",
                description=pgettext_lazy(
                    "public",
                    "Counselling, courses, meeting places, clubs and events near you, in your language.",
                ),
                order=10,
            )
        )
        from teilhabe.directory.demo import directory_demo

        demo.register(demo.DemoStep(name="directory", order=30, run=directory_demo))
