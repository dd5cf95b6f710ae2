"""The shape the code keeps (../shared/STYLE.md): short functions, imports that point
one way, nothing private imported from elsewhere, demonstration content as data."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ["common", "frameworks", "areas", "actions", "sendready"]
# Who each package may import from (beside itself and third-party code).
MAY_IMPORT = {
    "common": set(),
    "frameworks": {"common"},
    "areas": {"common", "frameworks"},
    "actions": {"common", "frameworks", "areas"},
    "sendready": {"common", "frameworks", "areas", "actions"},
}
MAX_FUNCTION_LINES = 60
MAX_DEMO_PYTHON_LINES = 800


def modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(), filename=str(path))


def imported_modules(tree: ast.Module) -> list[tuple[str, list[str]]]:
    """(module, names) for every absolute import in the module."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
    return found


@pytest.mark.parametrize("app", APPS)
def test_no_function_is_longer_than_60_lines(app):
    long = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1})"
        for path, tree in modules(app)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]

    assert long == []


@pytest.mark.parametrize("app", APPS)
def test_imports_point_one_way(app):
    upward = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path, tree in modules(app)
        for module, _ in imported_modules(tree)
        if module.split(".")[0] in set(APPS) - MAY_IMPORT[app] - {app}
    ]

    assert upward == []


@pytest.mark.parametrize("app", APPS)
def test_nothing_private_is_imported_from_another_module(app):
    private = [
        f"{path.relative_to(ROOT)} imports {name} from {module}"
        for path, tree in modules(app)
        for module, names in imported_modules(tree)
        for name in names
        if name.startswith("_") and module.split(".")[0] in APPS
    ]
    relative = [
        f"{path.relative_to(ROOT)} imports {alias.name}"
        for path, tree in modules(app)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level > 0
        for alias in node.names
        if alias.name.startswith("_")
    ]

    assert private + relative == []


def test_demonstration_content_is_data():
    demo_python = sum(
        len(path.read_text().splitlines()) for path in (ROOT / "sendready" / "demo").rglob("*.py")
    )
    data_files = list((ROOT / "fixtures" / "demo").glob("*.yaml"))

    assert demo_python < MAX_DEMO_PYTHON_LINES
    assert {path.stem for path in data_files} >= {"sunderland", "kirklees", "kent", "bradford"}


SAME_LINES = 6
# Lines too plain to make two blocks "the same" (closing brackets and tags, docstring ends).
PLAIN = {")", "]", "}", "),", "],", "},", '"""', "{% endif %}", "{% endfor %}", "{% endblock %}"}
PLAIN |= {"</div>", "</li>", "</ul>", "</ol>", "</nav>", "</form>", "</table>", "</tbody>"}


def meaningful_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, stripped text) of the lines that carry code, imports left out."""
    text = path.read_text()
    skipped: set[int] = set()
    if path.suffix == ".py":
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Import | ast.ImportFrom):
                skipped.update(range(node.lineno, node.end_lineno + 1))
    return [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if number not in skipped
        and line.strip()
        and not line.strip().startswith("#")
        and line.strip() not in PLAIN
    ]


def test_no_block_of_six_lines_is_repeated():
    places: dict[tuple, list[str]] = {}
    for app in [*APPS, "templates"]:
        for path in sorted((ROOT / app).rglob("*")):
            if path.suffix not in {".py", ".html"} or {"migrations", "demo"} & set(path.parts):
                continue
            lines = meaningful_lines(path)
            for start in range(len(lines) - SAME_LINES + 1):
                block = tuple(text for _, text in lines[start : start + SAME_LINES])
                places.setdefault(block, []).append(f"{path.relative_to(ROOT)}:{lines[start][0]}")

    repeated = [where for where in places.values() if len(where) > 1]

    assert repeated == []
