from django.db import models


class Version(models.Model):
    """How many times what a cached page shows has been written: one row per scope
    (``catalogue``, ``person:<id>``), moved by database triggers (``backcare.caching.triggers``).

    A row starts from the clock in microseconds, not from 1, so a row lost and made again
    (a restored table, a flush) never repeats a number an older cached value was keyed by."""

    name = models.CharField(max_length=64, primary_key=True)
    number = models.BigIntegerField()

    class Meta:
        db_table = "caching_version"

    def __str__(self):
        return f"{self.name}: {self.number}"
