"""schemathesis hooks for the contract test (loaded through SCHEMATHESIS_HOOKS)."""

import uuid

import schemathesis


@schemathesis.hook
def map_headers(context, headers):
    """A fresh Idempotency-Key per generated request: generated keys collide ("0", "0", ...),
    and a key reused with another body is rightly refused with 422 (draft-ietf-httpapi-idempotency-key-header),
    which schemathesis would then report as a valid request rejected."""
    if headers and "Idempotency-Key" in headers:
        headers["Idempotency-Key"] = str(uuid.uuid4())
    return headers
