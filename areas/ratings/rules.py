"""The rules a month's ratings keep, in one place: the month form and the services
(saving and agreeing) ask these."""


def change_unexplained(*, level_id: int | None, previous_level_id: int | None, commentary: str):
    """A level that differs from last month's needs a commentary saying why."""
    return (
        previous_level_id is not None
        and level_id is not None
        and level_id != previous_level_id
        and not commentary.strip()
    )
