"""Form helpers shared by the apps' views."""


def errors_into(form, errors: dict) -> None:
    """Show a use case's refusal ({field: message}, from a service's error) on the form: beside its field
    when the form has one, at the top otherwise (``__all__``, or a field the form does not show)."""
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, message)
