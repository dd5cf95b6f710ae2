def abilities(request) -> dict:
    """`abilities` in every template of an area's pages, as `area_view` decided them, and
    whether to offer "Your areas" (not to someone whose only area this is)."""
    membership = getattr(request, "area_membership", None)
    return {
        "abilities": getattr(request, "area_abilities", {}),
        "offers_your_areas": getattr(membership, "holds_another_area", True),
    }
