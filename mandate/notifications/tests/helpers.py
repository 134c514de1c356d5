"""Small builders shared by this app's tests."""

from mandate.notifications import services
from mandate.people.models import User


def with_email(user, email, language=""):
    """Give a cast member an address (no service edits it yet) and, optionally, his language."""
    User.objects.filter(pk=user.pk).update(email=email, language=language)
    user.refresh_from_db()
    return user


def notice(user, title="Nhắc việc", *, kind="other", **extra):
    return services.notify(recipients=[user], kind=kind, title=title, **extra)[0]
