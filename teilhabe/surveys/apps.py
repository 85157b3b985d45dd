from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SurveysConfig(AppConfig):
    name = "teilhabe.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from teilhabe.core import demo, navigation
        from teilhabe.districts.roles import Capability
        from teilhabe.surveys.demo import surveys_demo

        navigation.register(
            navigation.NavItem(
                key="surveys",
                label=_("Surveys"),
                url_name="surveys:list",
                capability=Capability.DISTRICT_VIEW,
                order=40,
            )
        )
        navigation.register_public(
            navigation.PublicNavItem(
                key="surveys",
                label=pgettext_lazy("public", "Surveys"),
                url_name="surveys_public:index",
                description=pgettext_lazy(
                    "public", "Answer questions in your language and help the district to plan."
                ),
                order=30,
            )
        )
        demo.register(demo.DemoStep(name="surveys", order=40, run=surveys_demo))
