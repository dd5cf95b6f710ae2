def abilities(request) -> dict:
    """`abilities` in every template of an area's pages, as `area_view` decided them."""
    return {"abilities": getattr(request, "area_abilities", {})}
