"""Addresses and readings of the task page shared by its tests."""

from mandate.tasks.models import Task

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def url(task, action=""):
    return f"/tasks/{task.pk}/{action + '/' if action else ''}"


def fresh(task):
    return Task.objects.get(pk=task.pk)


def body(response):
    return response.content.decode()


def form_action(task, action):
    return f'action="{url(task, action)}"'
