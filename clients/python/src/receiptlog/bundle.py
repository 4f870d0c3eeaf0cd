"""Receipt bundles, ``receiptlog.dev/receipt-bundle@v1`` (specs/verify.md, "Receipt bundle").

```
receiptlog.dev/receipt-bundle@v1
statement <base64 of the log entry>
cose-receipt <base64 of the RFC 9942 receipt>

<c2sp.org/tlog-proof@v1 proof, no extra line>
```

``receiptlog verify --bundle FILE --policy FILE`` reads this file offline.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Optional

from .errors import ReceiptLogError
from .note import TlogProof

__all__ = ["HEADER", "ReceiptBundle"]

HEADER = b"receiptlog.dev/receipt-bundle@v1"
"""The first line of a v1 bundle."""

MAX_STATEMENT = 65_535
MAX_COSE_RECEIPT = 16_384


@dataclass(frozen=True)
class ReceiptBundle:
    """A statement (the exact log entry), its optional COSE receipt and its tlog-proof."""

    statement: bytes
    proof: TlogProof
    cose_receipt: Optional[bytes] = None

    def __post_init__(self) -> None:
        if not 1 <= len(self.statement) <= MAX_STATEMENT:
            raise ReceiptLogError("BAD_BUNDLE", f"a bundle's statement is 1…{MAX_STATEMENT} bytes")
        if self.cose_receipt is not None and len(self.cose_receipt) > MAX_COSE_RECEIPT:
            raise ReceiptLogError("BAD_BUNDLE", f"a bundle's COSE receipt is at most {MAX_COSE_RECEIPT} bytes")
        if self.proof.extra:
            raise ReceiptLogError("BAD_BUNDLE", "a bundle's tlog-proof has no extra line")

    @property
    def encoded(self) -> bytes:
        """The bundle file's bytes."""
        head = HEADER + b"\n" + b"statement " + base64.b64encode(self.statement) + b"\n"
        if self.cose_receipt is not None:
            head += b"cose-receipt " + base64.b64encode(self.cose_receipt) + b"\n"
        return head + b"\n" + self.proof.encoded
