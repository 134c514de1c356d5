"""What the demo keeps about its own play: the days its living office was played, and the tasks
each stream made (``mandate.dev.living``). Bookkeeping of the demo, not records of the city:
nothing else reads them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from mandate.tasks.models import Task


class DemoPlay(models.Model):
    """One play of the living office, from the load or from a later ``make demo``."""

    loaded_on = models.DateField(help_text="The day the demo was loaded: the streams count from it.")
    played_from = models.DateField()
    played_through = models.DateField()
    played_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "demo play"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(played_from__lte=models.F("played_through")),
                name="demo_play_days_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.played_from} – {self.played_through}"


class DemoTask(models.Model):
    """A task of the living office, by the key its stream gives it ("living.vhtt.2026-11-03")."""

    key = models.CharField(max_length=200, unique=True)
    task = models.OneToOneField(Task, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return self.key
