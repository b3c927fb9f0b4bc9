"""A Django form, described to the API as a serializer — for the schema and the docs only.

The form stays the one place that validates: an application through the API passes the same checks, the same
consent rules and the same messages as one typed on the public page. This only tells OpenAPI which fields the
form has, of which type, with which choices.
"""

from django import forms
from rest_framework import serializers


def _field(field: forms.Field) -> serializers.Field:
    common = {"required": field.required, "help_text": str(field.help_text or "") or None,
              "label": str(field.label or "")[:200] or None}
    if isinstance(field, forms.ModelChoiceField):
        return serializers.IntegerField(**common)
    if isinstance(field, forms.MultipleChoiceField):
        return serializers.MultipleChoiceField(choices=list(field.choices), **common)
    if isinstance(field, forms.ChoiceField):
        choices = [c for c in field.choices if c[0] != ""]
        return serializers.ChoiceField(choices=choices, **common)
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(**common)
    if isinstance(field, forms.EmailField):
        return serializers.EmailField(max_length=field.max_length, **common)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(**common)
    return serializers.CharField(max_length=getattr(field, "max_length", None), allow_blank=not field.required,
                                 **common)


def serializer_for(form: forms.Form, name: str, *, leave_out=(), extra=None) -> type[serializers.Serializer]:
    fields = {n: _field(f) for n, f in form.fields.items() if n not in leave_out}
    return type(name, (serializers.Serializer,), {**(extra or {}), **fields})
