from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "teilhabe.core"
    label = "core"
    verbose_name = _("Teilhabe core")

    def ready(self) -> None:
        from teilhabe.core import lang

        lang.register_extra_languages()
