"""The one error type of the package: a code and a one-line message."""

from __future__ import annotations


class ReceiptLogError(Exception):
    """A failure with a stable ``code`` and a one-line ``message``.

    Errors compare by code: tests and callers branch on ``error.code``, never on the
    message text. Codes use the Swift implementation's names where one exists (for
    example ``badSaltLength``, ``receiptNotVerified``), so the same fault has the same
    name on both sides.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
