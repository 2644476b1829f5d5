import factory
from django.utils import timezone

from requests311.models import Service, ServiceRequest, StatusChange
from tests.factories.cities import CityFactory


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    city = factory.SubFactory(CityFactory)
    service_code = factory.Sequence(lambda n: f"S{n:03d}")
    service_name = factory.Sequence(lambda n: f"Pothole {n}")
    group = "Streets"


class ServiceRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceRequest

    service = factory.SubFactory(ServiceFactory)
    city = factory.SelfAttribute("service.city")
    description = "Deep pothole in the right lane"
    requested_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)
    lat = 39.1653
    long = -86.5264
    reporter_name = "Pat Private"
    reporter_email = "pat.private@example.org"
    reporter_phone = "+1 555 0100"


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    request = factory.SubFactory(ServiceRequestFactory)
    city = factory.SelfAttribute("request.city")
    changed_at = factory.LazyFunction(timezone.now)
    to_status = "open"
