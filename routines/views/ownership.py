"""Every routine and session a view touches is fetched with its owner in the query, so
another user's object answers 404 and reveals nothing."""

from django.shortcuts import get_object_or_404

from routines.models import Routine, RoutineItem, Session


def own_routine(request, pk) -> Routine:
    return get_object_or_404(Routine, pk=pk, owner=request.user)


def own_item(request, pk, item_pk) -> tuple[Routine, RoutineItem]:
    routine = own_routine(request, pk)
    item = get_object_or_404(
        RoutineItem.objects.select_related("exercise"), pk=item_pk, routine=routine
    )
    return routine, item


def own_session(request, pk) -> Session:
    return get_object_or_404(Session, pk=pk, user=request.user)
