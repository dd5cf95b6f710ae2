"""What later apps add to the self-evaluation page (see common.slots)."""

from common.slots import Slot

# Providers take (area, keys) — the shown points' keys — and return a Section whose
# data holds "by_key": {point key: [records that deliver the point]}.
point_deliveries = Slot("self-evaluation point deliveries")
