"""A page's fingerprint: the hash of everything its template is given, the same in every process.

Pickle writes each value as it is; what would make equal values differ is mended: sets (a
pydantic model's `fields_set`, a set among a model's fields) are written sorted, whatever the
process's string hashing, and a value is written whole wherever it appears (pickle would
otherwise refer back to an object met before, so a shared value and an equal copy would
differ). A data file is known by its name, kind and the hash of its bytes, not by when it was
checked out. The pickle is hashed, never loaded.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from typing import Any

from pydantic import BaseModel

from builder.load import Document

_SETS = (set, frozenset)


def _sorted(value: Any) -> Any:
    return (type(value).__name__, sorted(value, key=repr)) if type(value) in _SETS else value


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, Document):
            return type(obj), (obj.display, obj.kind.value, obj.digest)
        if isinstance(obj, BaseModel):
            state = {k: _sorted(v) for k, v in obj.__dict__.items()}
            extra, private = obj.__pydantic_extra__, obj.__pydantic_private__
            return type(obj), (), (state, sorted(obj.model_fields_set), extra, private)
        return NotImplemented


def fingerprint(*values: Any) -> str:
    """The SHA-256 of `values`; raises pickle.PicklingError (or TypeError) for a value pickle cannot write."""
    buffer = io.BytesIO()
    pickler = _Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: a value shared or copied is written the same
    pickler.dump(values)
    return hashlib.sha256(buffer.getvalue()).hexdigest()
