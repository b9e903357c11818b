"""A version's stored body as a download: never something a browser would render."""

from __future__ import annotations

import re

from starlette.responses import Response

from watcher.envelope import COMBINED_TYPE

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_CHARSET = re.compile(r"charset=\"?([\w.:-]+)", re.IGNORECASE)


def download(name: str, body: bytes, content_type: str) -> Response:
    """The stored body as an attachment: a PDF as itself, a combined document's envelope as
    JSON, anything else as UTF-8 plain text (a `.txt` file: opened later, it is still text)."""
    media = content_type.split(";")[0].strip().lower()
    name = _UNSAFE_NAME.sub("_", name)
    if media == "application/pdf":
        filename, media_type = f"{name}.pdf", "application/pdf"
    elif media == COMBINED_TYPE:
        filename, media_type = f"{name}.json", "application/json"
    else:
        ext = "html" if "html" in media else "xml" if "xml" in media else "body"
        filename, media_type = f"{name}.{ext}.txt", "text/plain; charset=utf-8"
        body = utf8(body, content_type)
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type=media_type, headers=headers)


def utf8(body: bytes, content_type: str) -> bytes:
    """`body` in UTF-8: as stored when it is UTF-8 already, else read in its charset."""
    try:
        body.decode("utf-8")
        return body
    except UnicodeDecodeError:
        pass
    match = _CHARSET.search(content_type)
    try:
        return body.decode(match.group(1) if match else "windows-1252", "replace").encode()
    except LookupError:  # a charset Python does not know
        return body.decode("utf-8", "replace").encode()
