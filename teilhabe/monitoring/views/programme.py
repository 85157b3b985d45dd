"""The programme office's view: the participating districts' published values and
reports, beside the official statistics (never a district's unpublished values)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from teilhabe.districts.selectors import programme_access_for_user
from teilhabe.monitoring import reporting
from teilhabe.monitoring import values as v
from teilhabe.monitoring.models import Indicator, Report


def programme_overview(request: HttpRequest, programme: str) -> HttpResponse:
    access = programme_access_for_user(user=request.user, slug=programme)
    districts = list(access.programme.districts.all())
    indicators = list(
        Indicator.objects.filter(
            district__isnull=True, is_active=True, current__isnull=False
        ).select_related("current")
    )
    code = request.GET.get("indicator", "foreign_share")
    indicator = next(
        (i for i in indicators if i.code == code), indicators[0] if indicators else None
    )
    published = v.published([d.pk for d in districts])
    official = v.official(parts=["upper"])
    reports = {
        r.district_id: r
        for r in Report.objects.filter(
            district__in=districts, status=Report.Status.PUBLISHED
        ).order_by("published_at")
    }
    rows = []
    for district in districts:
        value = None
        if indicator is not None:
            value = v.comparison_value(
                district.kreis,
                indicator.pk,
                None,
                district=district,
                own_values=None,
                official_values=official,
                published_values=published,
            )
        rows.append((district, value, reports.get(district.pk)))
    ranked = sorted(
        (r for r in rows if r[1] is not None and r[1].value is not None),
        key=lambda r: -(r[1].value or 0.0),  # type: ignore[union-attr]
    )
    return render(
        request,
        "monitoring/programme.html",
        {
            "title": _("Monitoring of the programme"),
            "programme": access.programme,
            "indicators": indicators,
            "indicator": indicator,
            "version": indicator.current if indicator else None,
            "rows": rows,
            "ranks": {r[0].pk: n for n, r in enumerate(ranked, start=1)},
            "breadcrumbs": [
                (access.programme.name, f"/programme/{access.programme.slug}/"),
                (_("Monitoring"), ""),
            ],
        },
    )


def programme_report(
    request: HttpRequest, programme: str, monitoring_report_id: int
) -> HttpResponse:
    """A published report of a participating district (drafts stay with the district)."""
    access = programme_access_for_user(user=request.user, slug=programme)
    report = (
        Report.objects.filter(
            pk=monitoring_report_id,
            status=Report.Status.PUBLISHED,
            district__in=access.programme.districts.all(),
        )
        .select_related("district", "district__kreis")
        .first()
    )
    if report is None:
        raise Http404
    content = reporting.report_content(report)
    return render(
        request,
        "monitoring/programme_report.html",
        {
            "title": report.title,
            "content": content,
            "report": report,
            "programme": access.programme,
            "breadcrumbs": [
                (access.programme.name, f"/programme/{access.programme.slug}/"),
                (report.title, ""),
            ],
        },
    )
