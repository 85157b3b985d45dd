import pytest

from teilhabe.areas.models import Area, AreaNeighbour
from teilhabe.areas.selectors import neighbours_of

pytestmark = pytest.mark.django_db


def codes(code: str) -> set[str]:
    kreis = Area.objects.get(code=code, valid_until__isnull=True)
    return {link.neighbour.code for link in neighbours_of(kreis=kreis)}


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        # Uckermark: Barnim, Oberhavel, Vorpommern-Greifswald, Mecklenburgische Seenplatte.
        ("12073", {"12060", "12065", "13075", "13071"}),
        # Potsdam is enclosed by Potsdam-Mittelmark, Havelland and Berlin.
        ("12054", {"12069", "12063", "11000"}),
        # Flensburg borders only Schleswig-Flensburg.
        ("01001", {"01059"}),
        # Bremerhaven: Cuxhaven, the Wesermarsch across the Weser, and the city of Bremen,
        # whose overseas-port area lies inside Bremerhaven.
        ("04012", {"03352", "03461", "04011"}),
    ],
)
def test_known_neighbours(code, expected):
    assert codes(code) == expected


def test_neighbourhood_is_symmetric_and_has_border_lengths():
    pairs = set(AreaNeighbour.objects.values_list("area__code", "neighbour__code"))
    assert pairs
    assert all((b, a) in pairs for a, b in pairs)
    assert not AreaNeighbour.objects.filter(border_km__lt=0.2).exists()


def test_every_current_kreis_has_a_neighbour():
    lonely = Area.objects.kreise().current().exclude(neighbour_links__isnull=False)
    assert list(lonely.values_list("code", flat=True)) == []
