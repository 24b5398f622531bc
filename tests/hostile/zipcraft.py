"""ZIP files that zipfile will not write: an overlapping-member bomb, and members whose headers claim
encryption, Deflate64, a wrong CRC-32 or an empty name.

The bomb follows David Fifield, "A better zip bomb" (WOOT 2019, https://www.bamsoftware.com/hacks/zipbomb/):
one deflate "kernel" is shared by every member. Member i's data is a non-compressed deflate block that
quotes member i+1's local file header, followed by member i+1's data: so member i inflates to member
i+1's header plus everything member i+1 inflates to, and n members of a kernel of K bytes inflate to
about n * K bytes from one copy of the kernel."""
from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import List, Tuple


def _local_header(name: bytes, crc: int, compressed: int, size: int, method: int = 8, flags: int = 0) -> bytes:
    return struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method, 0, 0x21, crc, compressed, size,
                       len(name), 0) + name


def _central_header(name: bytes, crc: int, compressed: int, size: int, offset: int, method: int = 8,
                    flags: int = 0) -> bytes:
    return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, method, 0, 0x21, crc, compressed, size,
                       len(name), 0, 0, 0, 0, 0, offset) + name


def _end(entries: int, size: int, offset: int) -> bytes:
    return struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, entries, entries, size, offset, 0)


def _stored_block(data: bytes) -> bytes:
    """A non-final, non-compressed deflate block holding data (at most 65535 bytes)."""
    return b"\x00" + struct.pack("<HH", len(data), len(data) ^ 0xFFFF) + data


def overlapping_bomb(path: Path, members: int, kernel_bytes: int) -> int:
    """Writes the bomb; returns the total size its members claim to inflate to."""
    kernel_plain = b"a,b\n" + b"0" * (kernel_bytes - 4)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    kernel = compressor.compress(kernel_plain) + compressor.flush()
    names = [f"page-{i:04d}.csv".encode() for i in range(members)]
    # From the last member back: member i's plain text is member i+1's header and plain text; its CRC-32 is
    # combined from theirs, so the gigabytes a bomb claims are never built here.
    tail_crc, tail_size, tail_compressed = zlib.crc32(kernel_plain), len(kernel_plain), len(kernel)
    entries: List[Tuple[bytes, int, int, int]] = [(names[-1], tail_crc, tail_compressed, tail_size)]
    for name in reversed(names[:-1]):
        next_header = _local_header(*entries[0])
        tail_crc = _crc_prepend(next_header, entries[0][1], entries[0][3])
        tail_size = len(next_header) + entries[0][3]
        tail_compressed = len(_stored_block(next_header)) + entries[0][2]
        entries.insert(0, (name, tail_crc, tail_compressed, tail_size))
    body = b""
    offsets = []
    for i, entry in enumerate(entries):
        if i:  # the stored block that quotes this header starts just before it (its 5-byte block header)
            body += _stored_block(_local_header(*entry))[:5]
        offsets.append(len(body))
        body += _local_header(*entry)
    body += kernel
    directory = b"".join(_central_header(*entry, offset) for entry, offset in zip(entries, offsets))
    path.write_bytes(body + directory + _end(len(entries), len(directory), len(body)))
    return sum(entry[3] for entry in entries)


def _crc_prepend(prefix: bytes, crc_of_rest: int, rest_size: int) -> int:
    """crc32(prefix + rest) from crc32(rest), without rest: zlib's crc32 is linear, so the CRC of the
    concatenation is crc32(prefix) shifted by len(rest) zero bytes, combined with crc32(rest)."""
    return _crc32_combine(zlib.crc32(prefix), crc_of_rest, rest_size)


def _gf2_times(matrix: List[int], vector: int) -> int:
    total, i = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[i]
        vector >>= 1
        i += 1
    return total


def _gf2_square(matrix: List[int]) -> List[int]:
    return [_gf2_times(matrix, matrix[n]) for n in range(32)]


def _crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """zlib's crc32_combine (crc32.c), in Python: crc1 shifted by len2 zero bytes (square-and-multiply of
    the CRC's one-zero-byte operator over GF(2)), then combined with crc2."""
    operator = [0xEDB88320] + [1 << n for n in range(31)]  # one zero bit
    for _ in range(3):
        operator = _gf2_square(operator)  # two, four, eight zero bits: one zero byte
    while len2 > 0:
        if len2 & 1:
            crc1 = _gf2_times(operator, crc1)
        len2 >>= 1
        operator = _gf2_square(operator)
    return crc1 ^ crc2


def single_member(path: Path, name: bytes, data: bytes, method: int = 8, flags: int = 0, crc_delta: int = 0,
                  also: Tuple[Tuple[bytes, bytes], ...] = ()) -> None:
    """An archive of `also` (ordinary deflated members) and one member whose headers say what the
    arguments say: method 9 is Deflate64, flag bit 0 is encryption, crc_delta makes the CRC-32 wrong."""
    body, directory = b"", b""
    for member_name, member_data in (*also, (name, data)):
        odd = member_name == name
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = compressor.compress(member_data) + compressor.flush()
        crc = zlib.crc32(member_data) ^ (crc_delta if odd else 0)
        m, f = (method, flags) if odd else (8, 0)
        offset = len(body)
        body += _local_header(member_name, crc, len(packed), len(member_data), m, f) + packed
        directory += _central_header(member_name, crc, len(packed), len(member_data), offset, m, f)
    count = len(also) + 1
    path.write_bytes(body + directory + _end(count, len(directory), len(body)))
