from .context import Actor, _current


class RequestContextMiddleware:
    """Remembers who makes the request so that audit events name them without being passed along."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        authenticated = bool(user and user.is_authenticated)
        actor = Actor(
            user_id=user.pk if authenticated else None,
            label=user.email if authenticated else "anonymous",
            ip=request.META.get("REMOTE_ADDR"),
            path=request.path[:255],
        )
        token = _current.set(actor)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
