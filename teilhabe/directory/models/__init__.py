"""Data of the directory module (see the sub-modules)."""

from teilhabe.directory.models.community import ImportUpload, Report, Submission, Throttle
from teilhabe.directory.models.entries import (
    AttendingType,
    CalendarSubscription,
    ChangeRecord,
    Contact,
    Event,
    EventOccurrence,
    Location,
    Organisation,
    Phone,
    Relationship,
    Schedule,
    Service,
    ServiceAtLocation,
    State,
    Translation,
)
from teilhabe.directory.models.outreach import Activity
from teilhabe.directory.models.search import PublicVersion, SearchEntry, SearchTerm
from teilhabe.directory.models.taxonomy import TaxonomyTerm, Vocabulary

__all__ = [
    "Activity",
    "AttendingType",
    "CalendarSubscription",
    "ChangeRecord",
    "Contact",
    "Event",
    "EventOccurrence",
    "ImportUpload",
    "Location",
    "Organisation",
    "Phone",
    "PublicVersion",
    "Relationship",
    "Report",
    "Schedule",
    "SearchEntry",
    "SearchTerm",
    "Service",
    "ServiceAtLocation",
    "State",
    "Submission",
    "TaxonomyTerm",
    "Throttle",
    "Translation",
    "Vocabulary",
]
