"""Near misses of a run: each distinct inventory app that resembles an app a rule names but matched nothing
(auditor.policy.nearmiss decides that, once per distinct app, inside the classifier's memo), with how many
devices carry it. The list is capped; how many more there were is counted."""
from __future__ import annotations

from typing import Dict, List, Mapping, Sequence, Set, Tuple

from auditor.model import Device, NearMiss, Platform
from auditor.policy import Resemblance, normalise_identifier, normalise_name, normalise_publisher
from auditor.reading import Hit

MAX_NEAR_MISSES = 50  # listed, most devices first; the rest are counted


def near_misses(resembling: Sequence[Hit], by_source: Mapping[Tuple[str, str], Device]
                ) -> Tuple[Tuple[NearMiss, ...], int]:
    """(the near misses to list, how many more there were)."""
    groups: Dict[tuple, Tuple[Tuple[str, str, str, Platform, Resemblance], Set[str]]] = {}
    for tool, _file, row, matches in resembling:
        device_id, platform, identifier, name, publisher = row[:5]
        resemblance = matches[0]
        assert isinstance(resemblance, Resemblance)
        # Versions and spelling variants of one app are one near miss.
        key = (platform, normalise_identifier(identifier), normalise_name(name), normalise_publisher(publisher),
               resemblance.resembles)
        device = by_source.get((tool, device_id))
        entry = groups.setdefault(key, ((name, publisher, identifier, platform, resemblance), set()))
        entry[1].add(device.key if device is not None else f"{tool}:{device_id}")
    listed: List[NearMiss] = []
    for (name, publisher, identifier, platform, resemblance), devices in groups.values():
        listed.append(NearMiss(name=name, publisher=publisher, identifier=identifier, platform=platform.value,
                               resembles=resemblance.resembles, reason=resemblance.reason, devices=len(devices),
                               example=min(devices)))
    listed.sort(key=lambda n: (-n.devices, n.resembles, n.name.casefold(), n.publisher, n.identifier, n.platform))
    return tuple(listed[:MAX_NEAR_MISSES]), max(0, len(listed) - MAX_NEAR_MISSES)
