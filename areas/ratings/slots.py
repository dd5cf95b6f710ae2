"""What other features show on a criterion's history page (see common.slots)."""

from common.slots import Slot

# Providers take (area, criterion) and return a Section.
criterion_page = Slot("criterion page")
