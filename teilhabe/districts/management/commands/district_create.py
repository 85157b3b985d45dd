from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from teilhabe.accounts.models import User
from teilhabe.accounts.services import invitation_send
from teilhabe.areas.selectors import area_get_by_key
from teilhabe.districts.models import District
from teilhabe.districts.roles import Role
from teilhabe.districts.services import district_create, membership_grant


class Command(BaseCommand):
    help = (
        "Make a Kreis (or kreisfreie Stadt) a district of this installation, with an administrator."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kreis", required=True, help="the five-digit Kreis key, e.g. 12073")
        parser.add_argument(
            "--slug", default="", help="short name in addresses (default: from the name)"
        )
        parser.add_argument("--name", default="", help="display name (default: the official name)")
        parser.add_argument("--admin", default="", help="user name of the district administrator")
        parser.add_argument("--email", default="", help="e-mail of the administrator (gets a link)")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="address of this installation, for the link",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kreis = area_get_by_key(key=options["kreis"])
        if kreis is None or kreis.level != "kreis":
            raise CommandError(
                f"There is no current Kreis with the key {options['kreis']!r}. "
                "Run 'teilhabe areas-load' first, and check the key (five digits)."
            )
        try:
            with transaction.atomic():
                district = District.objects.filter(kreis=kreis).first()
                if district is None:
                    district = district_create(
                        actor=None, kreis=kreis, slug=options["slug"], name=options["name"]
                    )
                    self.stdout.write(
                        f"Created the district {district.name} (/d/{district.slug}/)."
                    )
                else:
                    self.stdout.write(
                        f"{district.name} is already a district (/d/{district.slug}/)."
                    )
                if options["admin"]:
                    user = User.objects.filter(username=options["admin"]).first()
                    if user is None:
                        user = User(username=options["admin"], email=options["email"])
                        user.set_unusable_password()
                        user.full_clean()
                        user.save()
                        if options["email"]:
                            invitation_send(
                                user=user, base_url=options["base_url"], district_name=district.name
                            )
                            self.stdout.write(f"An invitation was sent to {options['email']}.")
                    membership_grant(
                        actor=None, district=district, user=user, role=Role.DISTRICT_ADMIN
                    )
                    self.stdout.write(f"{user.username} administers {district.name}.")
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
