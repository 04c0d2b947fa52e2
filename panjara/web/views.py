from django.shortcuts import render


def home(request):
    return render(request, "web/home.html")


def page_not_found(request, exception):
    return render(request, "web/404.html", status=404)


def server_error(request):
    return render(request, "web/500.html", status=500)
