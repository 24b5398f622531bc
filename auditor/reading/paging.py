"""Pages of a paged API export, judged across the pages given once every input is read.

A paged API returns a fleet a page at a time, and each page says where it stands: Jamf Pro's `totalCount`
(the records of every page), Workspace ONE's `Total`, Graph's `@odata.nextLink` and Google's
`nextPageToken` (a page that is not the last one). A folder missing pages reads as a smaller, clean fleet:
- the records read across the pages of one format fewer than the largest totalCount (Total) they state;
- every page of one format naming a next page: the last page is not among them.
Either is fatal, naming the files and the counts. Pages saved by Fleet Auditor's own API pull are complete by
construction (it follows every link, and leaves out an empty last page, so the last page saved may name one). The pages' paging fields are captured while the JSON is
read (auditor.textio.jsonstream.PAGING_KEYS), at no cost per record."""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Sequence, Tuple

from auditor.model import Problem, ProblemKind

# The key stating the records of all pages, and the formats that state it so.
_TOTALS = {"totalCount": None, "Total": ("ws1-devices-json",)}
_NEXT = ("@odata.nextLink", "nextPageToken")

# (format id, file as the user named it, its paging fields, its records, whether a fatal problem of its own
# says it was not (fully) read, whether Fleet Auditor's API pull saved it: auditor.textio.hidden.pulled)
PagedInput = Tuple[str, str, Mapping[str, Any], int, bool, bool]


def paging_problems(inputs: Sequence[PagedInput]) -> List[Problem]:
    by_format: Dict[str, List[PagedInput]] = {}
    for paged in inputs:
        if not paged[4]:  # an input not (fully) read: its own problem says so
            by_format.setdefault(paged[0], []).append(paged)
    problems: List[Problem] = []
    for format_id, pages in by_format.items():
        if not any(p[2] for p in pages):
            continue
        files = ", ".join(p[1] for p in pages)
        for key, formats in _TOTALS.items():
            stated = [p for p in pages if _count(p[2].get(key)) is not None]
            if not stated or (formats is not None and format_id not in formats):
                continue
            total = max(_count(p[2][key]) or 0 for p in stated)
            read = sum(p[3] for p in stated)
            if read < total:
                holds, their = ("holds", "its") if len(stated) == 1 else ("hold", "their")
                problems.append(Problem(files, f"the {_pages(len(stated))} given {holds} {read} of the {total} records "
                                               f"{their} {key} says: {total - read} were not read; fetch the "
                                               "remaining pages and give them all", None, True, ProblemKind.INPUT))
        following = [p for p in pages if any(isinstance(p[2].get(k), str) and p[2][k].strip() for k in _NEXT)]
        if following and len(following) == len(pages) and not all(p[5] for p in pages):
            key = next(k for k in _NEXT if any(k in p[2] for p in following))
            which = "the one page given names" if len(pages) == 1 else f"every one of the {len(pages)} pages given names"
            problems.append(Problem(files, f"{which} a next page ({key}): "
                                           f"the last page is missing ({sum(p[3] for p in pages)} records read); "
                                           "fetch every page (follow the link until a page has none) and give "
                                           "them all", None, True, ProblemKind.INPUT))
    return problems


def _count(value: Any) -> Any:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _pages(n: int) -> str:
    return "page" if n == 1 else f"{n} pages"
