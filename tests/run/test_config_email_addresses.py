"""E-mail addresses in auditor.yaml are checked when the configuration is read, with their key (REPORT4 problem
10): `to: sec@example.com, soc@example.com` (one string) and `to: [sec@example,com]` (a comma typed for a dot:
the list ['sec@example', 'com']) were accepted, and the night's mail failed after the run, seen only in a log."""
from __future__ import annotations

from pathlib import Path

import pytest

from auditor.errors import ConfigError
from auditor.run.config import load_config


def _config(tmp_path: Path, email: str) -> Path:
    (tmp_path / "exports").mkdir(exist_ok=True)
    path = tmp_path / "auditor.yaml"
    path.write_text("schema: fleet-auditor/config/1\ninputs: {paths: [exports]}\nemail:\n  host: 127.0.0.1\n"
                    + email)
    return path


@pytest.mark.parametrize("email,key,got", [
    ("  from: auditor@example.com\n  to: sec@example.com, soc@example.com\n", "email.to[0]",
     "'sec@example.com, soc@example.com'"),
    ("  from: auditor@example.com\n  to: [sec@example,com]\n", "email.to[1]", "'com'"),
    ("  from: auditor example.com\n  to: [sec@example.com]\n", "email.from", "'auditor example.com'"),
])
def test_an_address_the_server_would_refuse_is_refused_with_its_key(tmp_path: Path, email: str, key: str,
                                                                     got: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(_config(tmp_path, email))
    assert f"{key}: expected one e-mail address (name@domain; a list for several recipients), got {got}" in str(info.value)


def test_addresses_with_display_names_and_local_hosts_are_read(tmp_path: Path) -> None:
    loaded = load_config(_config(tmp_path, "  from: Fleet Auditor <auditor@example.com>\n"
                                           "  to: [sec@example.com, 'SOC <soc@example.com>', root@localhost]\n"))
    assert loaded.email is not None
    assert loaded.email.to == ("sec@example.com", "SOC <soc@example.com>", "root@localhost")
    assert loaded.email.sender == "Fleet Auditor <auditor@example.com>"
