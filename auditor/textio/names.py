"""File names as they are shown: a name is bytes on POSIX, and bytes that are not UTF-8 (a Latin-1 name from
an old Windows share, an SFTP drop) come into Python as lone surrogates, which no output can encode. Every
name an input is shown by goes through `shown`: the undecodable bytes appear escaped (caf\\xe9.csv), the
file itself is still opened by its real path."""
from __future__ import annotations

import os
from pathlib import PurePath
from typing import Union


def shown(path: Union[str, PurePath]) -> str:
    """The name as text every output can hold: bytes that are not UTF-8 as \\xNN escapes."""
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
