"""The shipped report templates' compiled code, kept beside them as Python keeps a module's .pyc.

Compiling the report's templates from source costs about 0.13 s of CPU in every run. Jinja can keep what it
compiled (a jinja2.BytecodeCache); this one keeps it in `templates/__pycache__/` inside the installed package,
where Python keeps the package's own compiled modules, so it is trusted exactly as the package's code is:
whoever can write there can already change the code. It holds only the shipped templates (a --template-dir
template is compiled every run, never written into the package), and:

- an entry is used only when its source's checksum matches (Jinja checks it), and its file name carries a tag
  of this tool's version, Jinja's version, the interpreter and the environment's options, so an upgrade or a
  changed option never runs code compiled for another;
- a missing, unreadable or damaged entry means the template is compiled from source, and a folder that cannot
  be written means nothing is kept: the cache never fails a run;
- an entry is written to a temporary name and renamed, so a run beside another never reads half an entry;
- nothing is written when Python writes no bytecode (PYTHONDONTWRITEBYTECODE, `python -B`)."""
from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path
from typing import Optional

import jinja2

from auditor import __version__

SHIPPED = Path(__file__).resolve().parent / "templates"


class KeptBesideTemplates(jinja2.BytecodeCache):
    """Compiled shipped templates in `folder`, under names tagged with what compiled them (`tag`)."""

    def __init__(self, shipped: Path, folder: Path, tag: str) -> None:
        self.shipped = str(shipped) + os.sep
        self.folder = folder
        self.tag = tag

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: Optional[str],
                   source: str) -> jinja2.bccache.Bucket:
        if filename is None or not os.path.abspath(filename).startswith(self.shipped):
            return jinja2.bccache.Bucket(environment, "", "")  # not shipped: compiled, never kept
        return super().get_bucket(environment, name, filename, source)

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.folder / f"{self.tag}-{bucket.key}.jinja"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if not bucket.key:
            return
        try:
            with open(self._path(bucket), "rb") as handle:
                bucket.load_bytecode(handle)
        except Exception:  # missing, unreadable or damaged (pickle and marshal raise many kinds): from source
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if not bucket.key or sys.dont_write_bytecode:
            return
        temporary = None
        try:
            self.folder.mkdir(exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
            with os.fdopen(descriptor, "wb") as handle:
                bucket.write_bytecode(handle)
            os.replace(temporary, self._path(bucket))
            temporary = None
        except Exception:  # a read-only install, a full disk: nothing kept, the run goes on
            pass
        finally:
            if temporary is not None:
                try:
                    os.unlink(temporary)
                except OSError:
                    pass


def kept_beside_templates(options: str, folder: Optional[Path] = None) -> KeptBesideTemplates:
    """The cache for an environment whose settings `options` describes (any change in them, this tool's
    version, Jinja's or the interpreter's gives other file names)."""
    made_by = f"{__version__}|{jinja2.__version__}|{sys.implementation.cache_tag}|{options}"
    tag = hashlib.sha256(made_by.encode("utf-8")).hexdigest()[:16]
    return KeptBesideTemplates(SHIPPED, folder or SHIPPED / "__pycache__", tag)
