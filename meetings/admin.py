from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, ModelForm

from cities.admin_base import CityAdmin, CityScopedInline
from cities.admin_corrections import CorrectedFieldsAdminMixin
from meetings.models import AgendaItem, AgendaItemCategory, Document, Meeting, MinutesDocument


class AgendaItemInline(CityScopedInline, admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["sequence", "item_number", "title", "matter_type", "file_number", "is_consent", "city"]
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(CityAdmin):
    list_display = ["meeting_date", "meeting_type", "city", "status", "legistar_event_id"]
    list_filter = ["city", "status", "meeting_type"]
    list_select_related = ["city"]
    search_fields = ["meeting_type", "body_name", "=legistar_event_id"]
    date_hierarchy = "meeting_date"
    autocomplete_fields = ["city"]
    inlines = [AgendaItemInline]
    readonly_fields = ["created_at", "updated_at", "source_modified_at"]


class DocumentInline(CityScopedInline, admin.TabularInline):
    model = Document
    extra = 0
    fields = ["document_type", "title", "url", "file_size", "city"]


class SameCityLinkFormSet(BaseInlineFormSet):
    """A new link takes its item's city: it is a copy, never a choice. With the city off the form, Django
    no longer checks item_category_unique (it carries the city), so the formset checks each category once."""

    def clean(self) -> None:
        super().clean()
        kept = [f.cleaned_data["category"] for f in self.forms if f.cleaned_data.get("category")
                and not f.cleaned_data.get("DELETE")]  # fmt: skip
        if len(kept) != len(set(kept)):
            raise ValidationError("An item is filed under each category once.")

    def save_new(self, form: ModelForm, commit: bool = True) -> Any:
        form.instance.city_id = self.instance.city_id
        return super().save_new(form, commit)


class AgendaItemCategoryInline(CityScopedInline, admin.TabularInline):
    model = AgendaItemCategory
    formset = SameCityLinkFormSet
    extra = 0
    fields = ["category"]
    autocomplete_fields = ["category"]


@admin.register(AgendaItem)
class AgendaItemAdmin(CorrectedFieldsAdminMixin, CityAdmin):
    corrected_fields = ("title",)
    list_display = ["__str__", "meeting", "city", "matter_type", "file_number", "is_consent"]
    list_filter = ["city", "is_consent"]
    list_select_related = ["meeting", "city"]
    ordering = ["-id"]  # big table: the primary key's index, no sort
    search_fields = ["title", "=file_number", "=legistar_item_id"]
    autocomplete_fields = ["meeting", "city"]
    inlines = [DocumentInline, AgendaItemCategoryInline]
    readonly_fields = ["created_at", "updated_at", "removed_upstream_at"]


@admin.register(Document)
class DocumentAdmin(CityAdmin):
    list_display = ["__str__", "document_type", "agenda_item", "city"]
    list_filter = ["city", "document_type"]
    list_select_related = ["agenda_item", "city"]
    search_fields = ["title", "url"]
    autocomplete_fields = ["agenda_item", "city"]


@admin.register(MinutesDocument)
class MinutesDocumentAdmin(CityAdmin):
    """Minutes, agendas and transcripts: whether each is searchable and, when not, why. The pages are written
    by the ingestion only (meetings.services.minutes); staff fix the source and ingest again."""

    list_display = ["__str__", "meeting", "kind", "status", "page_count", "updated_at"]
    list_filter = ["status", "kind", "city"]
    list_select_related = ["meeting"]
    search_fields = ["title", "source_url"]
    raw_id_fields = ["meeting"]
    ordering = ["-id"]
    readonly_fields = ["source", "sha256", "page_count", "status", "error", "ingested_at", "created_at", "updated_at"]
