"""Post an admin change form back as a browser would: every field of the form and its inlines, as shown."""

from __future__ import annotations

from typing import Any

from django import forms


def _form_data(form: forms.BaseForm) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        key, value = form.add_prefix(name), form[name].value()
        if isinstance(field.widget, forms.MultiWidget):
            for i, part in enumerate(field.widget.decompress(value)):
                data[f"{key}_{i}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif value is not None:
            data[key] = str(value)
    return data


def change_form_data(page: Any) -> dict[str, Any]:
    """The data the admin change page `page` (a test client response) would post unchanged."""
    data = _form_data(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    return data


def inline_prefix_of(page: Any, instance: Any) -> str:
    """The prefix of the inline form that shows `instance` on the change page."""
    for inline in page.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            if form.instance.pk == instance.pk and type(form.instance) is type(instance):
                return form.prefix
    raise LookupError(f"{instance!r} is not on the page")
