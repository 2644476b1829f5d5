"""The admin names every model in good English: no "summarys" or "categorys"."""

from django.apps import apps


def test_plural_names_are_english():
    wrong = [
        str(m._meta.verbose_name_plural) for m in apps.get_models() if str(m._meta.verbose_name_plural).endswith("ys")
    ]
    assert [name for name in wrong if not name.endswith(("days", "keys"))] == []
