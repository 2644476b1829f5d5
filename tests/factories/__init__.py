"""factory-boy factories for every model, one module per app; related rows stay inside one city."""

from tests.factories.cities import (
    ApiKeyFactory,
    AuditEntryFactory,
    CategoryFactory,
    CityFactory,
    CouncilMemberFactory,
    DataSyncLogFactory,
    StaffCityAssignmentFactory,
    TermFactory,
    UserFactory,
)
from tests.factories.meetings import (
    AgendaItemCategoryFactory,
    AgendaItemFactory,
    DocumentFactory,
    MeetingFactory,
    MeetingPageFactory,
    MinutesDocumentFactory,
)
from tests.factories.requests311 import ServiceFactory, ServiceRequestFactory, StatusChangeFactory
from tests.factories.votes import MemberVoteFactory, VoteFactory, VoteValueMappingFactory

__all__ = [
    "AgendaItemCategoryFactory",
    "AgendaItemFactory",
    "ApiKeyFactory",
    "AuditEntryFactory",
    "CategoryFactory",
    "CityFactory",
    "CouncilMemberFactory",
    "DataSyncLogFactory",
    "DocumentFactory",
    "MeetingFactory",
    "MeetingPageFactory",
    "MemberVoteFactory",
    "MinutesDocumentFactory",
    "ServiceFactory",
    "ServiceRequestFactory",
    "StaffCityAssignmentFactory",
    "StatusChangeFactory",
    "TermFactory",
    "UserFactory",
    "VoteFactory",
    "VoteValueMappingFactory",
]
