"""YAML front matter, read safely: bounded in size, depth and alias expansion, and never fatal.

``yaml.safe_load`` refuses Python objects but not the other ways a hostile (or broken) file can hurt
a reader: aliases that multiply a node ("billion laughs": nine aliases of nine aliases of ... make a
few hundred bytes stand for a billion values, which any code that walks the metadata then expands),
nesting deep enough to exhaust the recursion limit, and scalars that look like dates but are not
("2024-02-31"), on which PyYAML raises ``ValueError``. Here aliases are allowed while the expanded
document stays small, depth is capped, an impossible date stays the string it was written as, and
anything else that goes wrong is a problem reported with the front matter's line, not an exception.
"""
from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

# Generous for any real front matter (a few dozen keys, lists of tags and authors), small enough
# that walking the expanded metadata costs nothing.
MAX_DEPTH = 20
MAX_EXPANDED_NODES = 10_000


class FrontMatterLimit(yaml.YAMLError):
    """Front matter over a limit (depth, alias expansion); the message says which."""


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that counts, while composing, how many nodes the document stands for once every
    alias is expanded, and how deep it nests; both are refused past their limits before anything
    large or deep is built."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0
        self._expanded: dict[int, int] = {}  # id(node) -> nodes it stands for, aliases expanded
        self._total = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            node = super().compose_node(parent, index)  # the anchored node itself: no copy is made
            self._count(self._expanded.get(id(node), 1), event)
            return node
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise FrontMatterLimit(f"front matter nests deeper than {MAX_DEPTH} levels")
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if isinstance(node, ScalarNode):
            size = 1
        elif isinstance(node, SequenceNode):
            size = 1 + sum(self._expanded.get(id(child), 1) for child in node.value)
        elif isinstance(node, MappingNode):
            size = 1 + sum(self._expanded.get(id(k), 1) + self._expanded.get(id(v), 1) for k, v in node.value)
        else:  # pragma: no cover - PyYAML has no other node kinds
            size = 1
        self._expanded[id(node)] = size
        self._total += 1
        if size > MAX_EXPANDED_NODES:
            raise FrontMatterLimit(
                f"front matter stands for more than {MAX_EXPANDED_NODES:,} values once its aliases are "
                "expanded (an alias bomb?)")
        return node

    def _count(self, size: int, event) -> None:
        self._total += size
        if self._total > MAX_EXPANDED_NODES:
            raise FrontMatterLimit(
                f"front matter stands for more than {MAX_EXPANDED_NODES:,} values once its aliases are "
                "expanded (an alias bomb?)")

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError, AttributeError):  # AttributeError: "!!timestamp nope"
            return str(node.value)  # "2024-02-31": kept as written; the review check reads strings too


_BoundedLoader.add_constructor("tag:yaml.org,2002:timestamp", _BoundedLoader.construct_yaml_timestamp)


def load_front_matter(text: str) -> tuple[object, int | None, str | None]:
    """``(data, line, problem)``: the parsed front matter, or ``{}`` with the line (1-based within the
    front matter block, when known) and a one-line description of what is wrong."""
    loader = _BoundedLoader(text)
    try:
        data = loader.get_single_data()
    except FrontMatterLimit as exc:
        return {}, None, str(exc)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        return {}, line, f"front matter is not valid YAML: {getattr(exc, 'problem', None) or exc}"
    except RecursionError:
        return {}, None, "front matter nests too deeply to read"
    except Exception as exc:  # noqa: BLE001 - a value PyYAML cannot construct ("!!int abc", "!!float x")
        return {}, None, f"front matter holds a value that cannot be read: {_one_line(exc)}"
    finally:
        loader.dispose()
    return (data if data is not None else {}), None, None


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]
