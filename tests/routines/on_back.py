"""How long a timed plan keeps a person on her back in a row, read from the steps alone (not
borrowed from routines.timeline): every step of an exercise on the back, and the rest between two
such exercises unless it is taken on the side. A rest before an exercise in another position
ends the stretch: she gets up."""


def longest_on_back(steps, supine_slugs) -> int:
    longest = run = 0
    for index, step in enumerate(steps):
        on_back = step.slug in supine_slugs
        following = steps[index + 1] if index + 1 < len(steps) else None
        if step.kind == "rest" and following is not None and following.item != step.item:
            on_back = on_back and following.slug in supine_slugs
        if step.side_lying or not on_back:
            run = 0
            continue
        run += step.seconds
        longest = max(longest, run)
    return longest


def held_repetitions_release(steps) -> list[str]:
    """The work steps of held repetitions that play the holds back to back, without a
    release of at least 5 s between two holds: what the player must never do."""
    wrong = []
    for step in steps:
        if step.kind == "work" and step.mode == "hold" and step.reps > 1:
            expected = step.reps * step.hold_seconds + (step.reps - 1) * step.release_seconds
            if step.release_seconds < 5 or step.seconds != expected:
                wrong.append(step.slug)
    return wrong
