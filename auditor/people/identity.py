"""Normalising the ways tools name a person (UPN, e-mail, DOMAIN\\user, employee id) for exact lookup."""
from __future__ import annotations

from typing import Mapping


def normalise_identity(raw: str, domain_aliases: Mapping[str, str] = {}) -> str:
    """Trimmed and case-folded; `DOMAIN\\user` becomes `user`; an e-mail domain listed in domain_aliases
    (for example sub.corp.example -> corp.example) is replaced by the domain it stands for."""
    text = raw.strip().casefold()
    if "\\" in text:
        text = text.rsplit("\\", 1)[1]
    if "@" in text and domain_aliases:
        local, _, domain = text.rpartition("@")
        text = f"{local}@{domain_aliases.get(domain, domain)}"
    return text
