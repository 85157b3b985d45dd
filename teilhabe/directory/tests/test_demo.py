"""The directory's demo step: seeds a demo district once and says so when run again."""

from __future__ import annotations

import pytest

from teilhabe.core.demo import DemoContext
from teilhabe.directory.demo import directory_demo
from teilhabe.directory.models import Organisation
from teilhabe.directory.tests import factories as f
from teilhabe.districts.demo import DemoReport

pytestmark = pytest.mark.django_db


def test_demo_step_seeds_once_and_reports_data_already_present():
    district = f.uckermark()
    district.is_demo = True
    district.save(update_fields=["is_demo"])
    context = DemoContext(password="demo", report=DemoReport())

    first = directory_demo(context)
    count = Organisation.objects.filter(district=district, is_demo=True).count()
    assert count > 0
    assert first.startswith(f"Directory: {count} demo organisations")
    assert district.name in first and "already present" not in first

    again = directory_demo(context)
    assert Organisation.objects.filter(district=district, is_demo=True).count() == count
    assert "0 demo organisations" not in again
    assert again == f"Directory: demo data already present ({district.name}), left as it is"


def test_demo_step_without_demo_districts_says_so():
    f.uckermark()  # not a demo district
    message = directory_demo(DemoContext(password="demo", report=DemoReport()))
    assert message == "Directory: no demo district found, no demo entries added"
    assert not Organisation.objects.exists()
