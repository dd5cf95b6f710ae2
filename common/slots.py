"""Places on a feature's page that a later app fills, so that the page can show what
depends on it without importing it (imports point one way: frameworks ← areas ←
actions ← sendready). The later app registers a provider in its AppConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    """A part of a page: its template and what that template reads as `section.data`."""

    template: str
    data: dict
    order: int = 0


@dataclass
class Slot:
    name: str
    providers: list[Callable[..., Section]] = field(default_factory=list)

    def register(self, provider: Callable[..., Section]) -> None:
        if provider not in self.providers:
            self.providers.append(provider)

    def sections(self, **context) -> list[Section]:
        return sorted((provide(**context) for provide in self.providers), key=lambda s: s.order)
