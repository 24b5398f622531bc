"""Normalising the ways tools name a person (UPN, e-mail, DOMAIN\\user, employee id) for exact lookup."""
from __future__ import annotations

from typing import Mapping


_ADDRESS_SCHEMES = frozenset({"smtp", "mailto", "sip"})


def normalise_identity(raw: str, domain_aliases: Mapping[str, str] = {}) -> str:
    """Trimmed and case-folded; `Name <address>` and `SMTP:address` (`mailto:`, `sip:`) become the address;
    `DOMAIN\\user` becomes `user`; an e-mail domain listed in domain_aliases
    (for example sub.corp.example -> corp.example) is replaced by the domain it stands for."""
    text = raw.strip().casefold()
    if "<" in text and text.endswith(">"):  # "Ana Kim <ana.kim@example.com>" (an address book's form)
        inner = text[text.rindex("<") + 1:-1].strip()
        text = inner if "@" in inner else text
    if ":" in text:  # "SMTP:ana@example.com" (AD proxyAddresses), "mailto:", "sip:" (Teams, Lync)
        scheme, _, rest = text.partition(":")
        text = rest.strip() if scheme in _ADDRESS_SCHEMES and "@" in rest else text
    if "\\" in text:
        text = text.rsplit("\\", 1)[1]
    if "@" in text and domain_aliases:
        local, _, domain = text.rpartition("@")
        text = f"{local}@{domain_aliases.get(domain, domain)}"
    return text
