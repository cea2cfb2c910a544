"""Project-level pages that draw on several domain apps."""

from django.shortcuts import render

from .figures import key_figures


def home(request):
    return render(request, "home.html", {"figures": key_figures()})
