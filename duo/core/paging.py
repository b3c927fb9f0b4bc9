from django.core.paginator import Paginator


def paginate(request, queryset, per_page=50):
    """The requested page, and the other query parameters to carry into page links."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": page, "query": query.urlencode()}
