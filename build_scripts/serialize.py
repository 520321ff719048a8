"""The model as JSON-ready data (golden files, caches, debugging); lossless and stable."""

from __future__ import annotations

import dataclasses
import json
from enum import Enum
from typing import Any

from .model import Document


def to_data(value: Any) -> Any:
    """Dataclasses -> dicts tagged with their type, enums -> values, tuples -> lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data: dict[str, Any] = {"type": type(value).__name__}
        for field in dataclasses.fields(value):
            data[field.name] = to_data(getattr(value, field.name))
        return data
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    return value


def document_json(doc: Document) -> str:
    """``doc`` as indented JSON text, keys in model order."""
    return json.dumps(to_data(doc), ensure_ascii=False, indent=1) + "\n"
