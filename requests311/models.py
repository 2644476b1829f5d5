"""311 service requests (Open311 GeoReport v2): services per city, requests LIST-partitioned by city."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cities.models import City


class Service(models.Model):
    """An Open311 service (`service_code`) a city takes requests for; `attributes` are its definition."""

    class Type(models.TextChoices):
        REALTIME = "realtime", "Realtime"
        BATCH = "batch", "Batch"
        BLACKBOX = "blackbox", "Blackbox"

    # CASCADE: a city's services go with it.
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="services311")
    service_code = models.CharField(max_length=64)
    service_name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    group = models.CharField(max_length=100, blank=True, default="")
    keywords = models.CharField(max_length=500, blank=True, default="")
    type = models.CharField(max_length=10, choices=Type, default=Type.REALTIME)
    # Open311 attribute definitions: [{"code", "variable", "datatype", "required", "datatype_description",
    # "order", "description", "values": [{"key", "name"}]}]; `metadata` is true when there are any.
    attributes = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["group", "service_name"]
        constraints = [models.UniqueConstraint(fields=["city", "service_code"], name="service_unique_code")]

    def __str__(self) -> str:
        return self.service_name

    @property
    def metadata(self) -> bool:
        return bool(self.attributes)


# Where a request is, as the public sees it: four decimals (about 11 m), the street and the block but not
# the door; a phone's GPS gives six (10 cm), often the reporter's own house. Staff see the exact point.
PUBLIC_COORDINATE_DECIMALS = 4


def public_coordinate(value: float | None) -> float | None:
    return None if value is None else round(value, PUBLIC_COORDINATE_DECIMALS)


class ServiceRequest(models.Model):
    """LIST-partitioned by city (raw SQL; PK (city_id, id)); Django addresses rows by `id`.

    Reporter contact fields are personal data: no page, API answer, log line or export shows them.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        CLOSED = "closed", "Closed"

    id = models.BigAutoField(primary_key=True)
    # DO_NOTHING: the database's own foreign keys decide.
    city = models.ForeignKey(City, on_delete=models.DO_NOTHING, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.DO_NOTHING, related_name="requests")
    external_id = models.CharField(max_length=100, blank=True, default="")
    source = models.CharField(max_length=20, default="open311")
    description = models.TextField(blank=True, default="")
    status = models.CharField(max_length=20, choices=Status, default=Status.OPEN)
    status_notes = models.TextField(blank=True, default="")
    priority = models.PositiveSmallIntegerField(default=3)
    agency_responsible = models.CharField(max_length=200, blank=True, default="")
    service_notice = models.CharField(max_length=500, blank=True, default="")
    requested_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    expected_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    address = models.CharField(max_length=300, blank=True, default="")
    address_id = models.CharField(max_length=100, blank=True, default="")
    zipcode = models.CharField(max_length=20, blank=True, default="")
    lat = models.FloatField(null=True, blank=True)
    long = models.FloatField(null=True, blank=True)
    media_url = models.URLField(max_length=1000, blank=True, default="")
    attributes = models.JSONField(default=dict, blank=True)
    reporter_name = models.CharField(max_length=200, blank=True, default="")
    reporter_email = models.EmailField(blank=True, default="")
    reporter_phone = models.CharField(max_length=40, blank=True, default="")
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "requests311_servicerequest"
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.id} {self.status}"

    @property
    def public_lat(self) -> float | None:
        return public_coordinate(self.lat)

    @property
    def public_long(self) -> float | None:
        return public_coordinate(self.long)

    @property
    def on_map(self) -> bool:
        """Whether the point can be drawn: imported feeds carry 0,0 (no location) and out-of-range values.
        The map (static/requests311/map.js) also leaves out points far from the rest of the city's."""
        if self.lat is None or self.long is None:
            return False
        if abs(self.lat) < 0.01 and abs(self.long) < 0.01:
            return False
        return -90 <= self.lat <= 90 and -180 <= self.long <= 180


class StatusChange(models.Model):
    """Append-only history of a request's status (who, when, from, to, note)."""

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.DO_NOTHING, related_name="history", db_constraint=False
    )
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="+")
    changed_at = models.DateTimeField()
    # SET_NULL: history outlives staff accounts.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=20, blank=True, default="")
    to_status = models.CharField(max_length=20)
    note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["request", "changed_at"], name="status_change_request_idx")]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"
