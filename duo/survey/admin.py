"""Instruments in the admin: drafts are edited here, published versions are read-only.

Who may edit follows duo.accounts.scoping.can_change (reference.change: administrators). Publishing and
drafting go through the services, as admin actions, so their checks and messages are the same everywhere.
"""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duo.accounts import scoping
from duo.core.admin import ReadOnlyAdmin, ReadOnlyInline, ScopedAdmin

from . import services
from .models import Answer, Choice, Instrument, InstrumentVersion, Invitation, Question, Response, VersionStatus, Wave


def _frozen(version) -> bool:
    return version is not None and version.pk is not None and version.is_frozen


def _report(modeladmin, request, done_message, error):
    if error is None:
        modeladmin.message_user(request, done_message, messages.SUCCESS)
    else:
        for text in error.messages:
            modeladmin.message_user(request, text, messages.ERROR)


def _new_drafts(modeladmin, request, instruments):
    for instrument in instruments:
        try:
            draft = services.version_new_draft(instrument=instrument, by=request.user)
        except scoping.NotAllowed:
            modeladmin.message_user(request, _("You may not change survey instruments."), messages.ERROR)
            return
        except services.SurveyError as e:
            _report(modeladmin, request, "", e)
        else:
            _report(modeladmin, request, _("%(instrument)s: draft version %(n)d created.")
                    % {"instrument": instrument, "n": draft.number}, None)


class VersionInline(ReadOnlyInline):
    model = InstrumentVersion
    fields = ["number", "status", "published_at", "published_by"]
    show_change_link = True


@admin.register(Instrument)
class InstrumentAdmin(ScopedAdmin):
    list_display = ["code", "title_fr", "kind", "audience"]
    list_filter = ["kind", "audience"]
    search_fields = ["code", "title_fr", "title_nl", "title_en"]
    inlines = [VersionInline]
    actions = ["new_draft"]

    def has_delete_permission(self, request, obj=None):
        # An instrument with a published or retired version is frozen with it.
        if obj is not None and obj.versions.exclude(status=VersionStatus.DRAFT).exists():
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # would meet frozen versions half-way through
        return actions

    @admin.action(description=gettext_lazy("New draft version"))
    def new_draft(self, request, queryset):
        _new_drafts(self, request, queryset)


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = "__all__"

    def clean_show_if_values(self):
        values = self.cleaned_data.get("show_if_values")
        if values in (None, ""):
            return []
        if not isinstance(values, list) or not all(isinstance(v, (str, int)) for v in values):
            raise forms.ValidationError(_('Write a list of values, e.g. ["1", "2"].'))
        return [str(v) for v in values]


class _FrozenInlineMixin:
    """Inlines of a version or question: editable only while the version is a draft."""

    def _parent_frozen(self, obj):
        version = obj if isinstance(obj, InstrumentVersion) else getattr(obj, "version", None)
        return _frozen(version)

    def has_add_permission(self, request, obj=None):
        return not self._parent_frozen(obj) and scoping.can_change(request.user, self.model)

    def has_change_permission(self, request, obj=None):
        return not self._parent_frozen(obj) and scoping.can_change(request.user, self.model)

    def has_delete_permission(self, request, obj=None):
        return not self._parent_frozen(obj) and scoping.can_change(request.user, self.model)

    def has_view_permission(self, request, obj=None):
        return scoping.can_view(request.user, self.model)


class QuestionInline(_FrozenInlineMixin, admin.StackedInline):
    model = Question
    form = QuestionForm
    extra = 0
    show_change_link = True
    fields = [("position", "code", "type", "required", "scale"), "text_fr", "text_nl", "text_en",
              ("help_fr", "help_nl", "help_en"), ("minimum", "maximum"), ("show_if_question", "show_if_values")]


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(ScopedAdmin):
    list_display = ["instrument", "number", "status", "published_at"]
    list_filter = ["status", "instrument"]
    list_select_related = ["instrument"]
    readonly_fields = ["status", "published_at", "published_by"]
    inlines = [QuestionInline]
    actions = ["publish", "new_draft"]

    def get_readonly_fields(self, request, obj=None):
        if _frozen(obj):
            return ["instrument", "number", *self.readonly_fields]
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=gettext_lazy("Publish"))
    def publish(self, request, queryset):
        for version in queryset.select_related("instrument"):
            try:
                services.version_publish(version=version, by=request.user)
            except scoping.NotAllowed:
                self.message_user(request, _("You may not change survey instruments."), messages.ERROR)
                return
            except services.SurveyError as e:
                self.message_user(request, _("%(version)s was not published:") % {"version": version}, messages.ERROR)
                _report(self, request, "", e)
            else:
                _report(self, request, _("%(version)s published.") % {"version": version}, None)

    @admin.action(description=gettext_lazy("New draft version"))
    def new_draft(self, request, queryset):
        ids = queryset.values_list("instrument_id", flat=True).distinct()
        _new_drafts(self, request, Instrument.objects.filter(pk__in=ids))


class ChoiceInline(_FrozenInlineMixin, admin.TabularInline):
    model = Choice
    extra = 0
    fields = ["position", "value", "label_fr", "label_nl", "label_en"]


@admin.register(Question)
class QuestionAdmin(ScopedAdmin):
    form = QuestionForm
    list_display = ["code", "version", "position", "type", "required", "scale"]
    list_filter = ["type", "scale", "version__status"]
    list_select_related = ["version__instrument"]
    search_fields = ["code", "text_fr", "text_nl", "text_en"]
    inlines = [ChoiceInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "version":
            # Questions are only ever added to drafts.
            kwargs["queryset"] = InstrumentVersion.objects.filter(status=VersionStatus.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and _frozen(obj.version):
            return [f.name for f in Question._meta.fields if f.name != "id"]
        return []

    def has_change_permission(self, request, obj=None):
        return not (obj is not None and _frozen(obj.version)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj is not None and _frozen(obj.version)) and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(Choice)
class ChoiceAdmin(ScopedAdmin):
    list_display = ["value", "question", "position", "label_fr"]
    list_select_related = ["question__version__instrument"]
    search_fields = ["value", "label_fr", "label_nl", "label_en"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "question":
            kwargs["queryset"] = Question.objects.filter(version__status=VersionStatus.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        frozen = obj is not None and _frozen(obj.question.version)
        return not frozen and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        frozen = obj is not None and _frozen(obj.question.version)
        return not frozen and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


# Waves, invitations and answers are made by the schedule, the answering pages and the import: the admin
# only shows them (answers are changed by nobody; an entry on someone's behalf is marked as such).


@admin.register(Wave)
class WaveAdmin(ReadOnlyAdmin):
    list_display = ["instrument", "opens_on"]
    list_filter = ["instrument"]
    date_hierarchy = "opens_on"


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["version", "person", "antenna", "due_on", "status", "reminders_sent", "expires_at"]
    list_filter = ["status", "version__instrument", "antenna"]
    list_select_related = ["version__instrument", "person", "antenna"]
    exclude = ["token_hash", "token_sealed", "draft"]
    raw_id_fields = ["person", "duo"]
    date_hierarchy = "due_on"


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ["question", "shown"]


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ["version", "person", "antenna", "answered_on", "source"]
    list_filter = ["source", "version__instrument", "antenna"]
    list_select_related = ["version__instrument", "person", "antenna"]
    raw_id_fields = ["person", "duo", "invitation"]
    date_hierarchy = "answered_on"
    inlines = [AnswerInline]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ["response", "question"]
    list_select_related = ["response__version__instrument", "question"]
    raw_id_fields = ["response"]
    exclude = ["text"]  # free text is read on the response, where its context is
