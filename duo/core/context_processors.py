from duo.accounts import roles, scoping


def duo(request):
    user = getattr(request, "user", None)
    caps = {}
    if user is not None and user.is_authenticated:
        caps = {cap.replace(".", "_"): scoping.has(user, cap) for cap in roles.CAPABILITIES[roles.Role.ADMINISTRATOR]}
    return {"can": caps}
