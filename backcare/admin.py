"""What the project's admin pages share."""


class ReadOnlyAdminMixin:
    """Shown, never changed: no add, change or delete from the admin (a person's own
    record, such as their sessions or screenings, looked at to answer their questions)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
