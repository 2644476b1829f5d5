"""Report photos are re-encoded: no EXIF (GPS above all) survives, orientation is applied, and a
decompression bomb is a clear 400."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cities.services import city_create
from requests311.models import ServiceRequest
from tests.factories.requests311 import ServiceFactory

pytestmark = pytest.mark.django_db

GPS = 0x8825
REPORT = {"service_code": "POT", "description": "A pothole", "address_string": "Main St"}


@pytest.fixture
def city():
    city = city_create(city_key="bloomington", name="Bloomington, IN", state="IN", total_seats=9)
    ServiceFactory(city=city, service_code="POT", service_name="Pothole")
    return city


def _jpeg_with_gps(size=(40, 20), orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Phone maker"
    exif.get_ifd(GPS).update({1: "N", 2: (40.0, 44.0, 54.36), 3: "W", 4: (73.0, 59.0, 8.5)})
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def _stored_photo(client, content: bytes, name: str = "photo.jpg", kind: str = "image/jpeg"):
    response = client.post("/311/bloomington/report/", {**REPORT, "photo": SimpleUploadedFile(name, content, kind)})
    return response


def test_a_photos_gps_and_every_exif_tag_are_gone(client, city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert _jpeg_with_gps()[:2] == b"\xff\xd8" and Image.open(io.BytesIO(_jpeg_with_gps())).getexif().get_ifd(GPS)
    response = _stored_photo(client, _jpeg_with_gps())
    assert response.status_code == 302
    stored = ServiceRequest.objects.get().media_url.split("/media/")[1]
    data = (tmp_path / stored).read_bytes()
    assert b"Exif" not in data and b"Phone maker" not in data
    assert not Image.open(io.BytesIO(data)).getexif()


def test_the_orientation_is_applied_before_the_tag_is_dropped(client, city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _stored_photo(client, _jpeg_with_gps(size=(40, 20), orientation=6))  # "rotate 90°": stored upright
    stored = ServiceRequest.objects.get().media_url.split("/media/")[1]
    assert Image.open(tmp_path / stored).size == (20, 40)


def _png_bomb(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height: a few hundred bytes that expand to gigabytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_is_a_clear_400(client, city):
    response = _stored_photo(client, _png_bomb(100_000, 100_000), "bomb.png", "image/png")
    assert response.status_code == 400 and "too many pixels" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_a_file_that_is_not_an_image_is_a_400(client, city):
    response = _stored_photo(client, b"GIF89a not really", "x.jpg")
    assert response.status_code == 400 and "must be a JPEG or PNG" in response.content.decode()
