from django.http import JsonResponse
from django.urls import path

from greentech.urls import urlpatterns as portal

ITEMS = 25  # an API page
ITEM = {
    "slug": "a-technology-of-the-pool",
    "name": "Modular membrane bioreactor for textile effluent",
    "name_zh": "纺织废水模块化膜生物反应器技术",
    "green_area": {"code": "water-pollution-control", "name": "Water pollution control"},
    "provider": {
        "slug": "an-institution",
        "name": "Institute of Green Technology",
        "country": "KE",
    },
    "summary": "A modular membrane bioreactor designed for textile effluent. " * 6,
    "trl": 7,
    "target_countries": ["KE", "TH", "VN"],
    "published_at": "2024-05-01T08:00:00Z",
}


def bare(request):
    """The framework's ceiling: a JSON list of one API page's size, built without the database,
    through the same middleware as every page."""
    items = [{**ITEM, "position": number} for number in range(ITEMS)]
    return JsonResponse({"count": ITEMS, "results": items})


urlpatterns = [path("__bench__/bare/", bare), *portal]
