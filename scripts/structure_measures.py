"""Print the structure measures issue 12 tracks, as a table.

    .venv/bin/python scripts/structure_measures.py

- function-level imports: `import`/`from … import` statements inside a function body in src/
  (those under `if TYPE_CHECKING:` at module level do not count);
- modules over 400 lines (the largest listed);
- import cycles between modules of the package (strongly connected groups, via grimp, which
  import-linter brings), at run time and counting the imports under ``TYPE_CHECKING``;
- modules of services/ and ui/ that import sqlalchemy or sqlmodel.

`duplicates` pairs are counted by the `duplicates` tool itself (run it in src/).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PACKAGE = SRC / "enhetsdialog"


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def function_level_imports(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines: list[int] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if in_function and isinstance(child, (ast.Import, ast.ImportFrom)):
                lines.append(child.lineno)
            visit(child, inside)

    visit(tree, False)
    return lines


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def cycles(*, type_checking: bool) -> list[list[str]]:
    """Groups of modules that import each other, counting function-level imports (grimp sees them);
    with ``type_checking`` also the imports under ``if TYPE_CHECKING:``, which never run."""
    sys.path.insert(0, str(SRC))
    import grimp

    graph = grimp.build_graph("enhetsdialog", cache_dir=None, exclude_type_checking_imports=not type_checking)
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & set(modules)) for m in modules}
    # Tarjan's strongly connected components, iteratively
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for root in modules:
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def sql_in_upper_layers() -> list[str]:
    found = []
    for path in _modules():
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] not in ("services", "ui"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in ("sqlalchemy", "sqlmodel") for n in names):
                found.append(str(rel))
                break
    return found


def main() -> None:
    modules = _modules()
    lazy = {p: function_level_imports(p) for p in modules}
    total_lazy = sum(len(v) for v in lazy.values())
    big = sorted(((line_count(p), p) for p in modules if line_count(p) > 400), reverse=True)
    groups = cycles(type_checking=False)
    typing_groups = cycles(type_checking=True)
    sql = sql_in_upper_layers()
    print(f"{'measure':<40} {'value':>8}")
    print(f"{'-' * 40} {'-' * 8}")
    print(f"{'function-level imports (src/)':<40} {total_lazy:>8}")
    print(f"{'modules over 400 lines':<40} {len(big):>8}")
    print(f"{'import cycles at run time':<40} {len(groups):>8}")
    print(f"{'  … counting TYPE_CHECKING imports too':<40} {len(typing_groups):>8}")
    print(f"{'services/ui modules importing SQL':<40} {len(sql):>8}")
    print()
    print("largest modules:")
    for n, p in big:
        print(f"  {n:>5}  {p.relative_to(SRC)}")
    print("most function-level imports:")
    for p, v in sorted(lazy.items(), key=lambda kv: -len(kv[1]))[:12]:
        if v:
            print(f"  {len(v):>5}  {p.relative_to(SRC)}")
    for title, found in (("cycles at run time:", groups), ("cycles through TYPE_CHECKING imports:", typing_groups)):
        if found:
            print(title)
            for g in found:
                print("  " + " <-> ".join(g))
    if sql:
        print("SQL above storage:", ", ".join(sql))


if __name__ == "__main__":
    main()
