"""People files at the size of a large company, and hostile ones: the work grows with the people (counted),
and memory stays bounded (a child process under an address-space limit), never timed."""
from __future__ import annotations

import dataclasses
import resource
import subprocess
import sys
from pathlib import Path
from typing import Iterator, Tuple

from auditor.people.directory import Directory, load_directory
from auditor.people.risk import assess, load_risk
from tests.conftest import FIXTURES, REPO

HEADER = "mail,displayName,title,department,sponsor,relationship\n"


class _CountedPeople(tuple):  # type: ignore[type-arg]
    """The directory's people, counting every person any loop over them visits."""

    visits = 0

    def __iter__(self) -> Iterator[object]:
        for person in super().__iter__():
            _CountedPeople.visits += 1
            yield person


def _staff(folder: Path, staff: int) -> Path:
    """`staff` people, each with one family member (a minor child) who names them as sponsor."""
    rows = [HEADER]
    rows += [f"p{i}@corp.example,Person {i},{'Chief Executive Officer' if i == 0 else 'Engineer'},Eng,,\n"
             for i in range(staff)]
    rows += [f"k{i}@family.example,Child {i},,,p{i}@corp.example,minor child\n" for i in range(staff)]
    path = folder / f"staff-{staff}.csv"
    path.write_text("".join(rows))
    return path


def _visits(folder: Path, staff: int) -> Tuple[int, Directory]:
    directory = load_directory(_staff(folder, staff))
    counted = dataclasses.replace(directory, people=_CountedPeople(directory.people))
    _CountedPeople.visits = 0
    tiers = assess(load_risk(FIXTURES / "people" / "risk.yaml"), counted)
    assert len(tiers) == 2 * staff
    child = next(p for p in directory.people if p.name == "Child 0")
    assert tiers[id(child)].tier.value == "critical"  # the CEO's child inherits the CEO's tier
    return _CountedPeople.visits, directory


def test_family_members_find_their_sponsor_in_work_linear_in_the_directory(tmp_path: Path) -> None:
    small, _ = _visits(tmp_path, 2_000)
    large, _ = _visits(tmp_path, 8_000)
    # One visit per person and loop: four times the people, four times the visits. Looking each family
    # member up by scanning the people made it sixteen times (30,000 + 30,000 people: 900 million visits).
    assert large / small < 4 * 1.25, (small, large)
    assert large <= 4 * 16_000


MEMORY_LIMIT = 512 * 1024 * 1024


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def test_a_5_mb_waivers_file_of_one_flat_list_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "waivers.yaml"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("schema: fleet-auditor/waivers/1\nwaivers: [")
        handle.write("a, " * (5 * 1024 * 1024 // 3))
        handle.write("a]\n")
    code = ("import sys\nfrom pathlib import Path\nfrom auditor.errors import ConfigError\n"
            "from auditor.people import load_waivers\n"
            "try:\n    load_waivers(Path(sys.argv[1]))\nexcept ConfigError as exc:\n    print(exc)\n")
    proc = subprocess.run([sys.executable, "-c", code, str(path)], cwd=REPO, capture_output=True, text=True,
                          preexec_fn=_limited)
    assert proc.returncode == 0, proc.stderr[-1500:]  # a MemoryError under the limit is a traceback
    assert "refused YAML: more than 100000 values in one file" in proc.stdout
