from django.conf import settings


def portal(request):
    return {"DEMO_MODE": settings.DEMO_MODE, "SUPPORT": settings.SUPPORT}
