#!/usr/bin/env python3
"""Writes the stream-layer fixtures next to this file (python3 + numpy only; no TensorFlow).

    python3 src/test/resources/stream/generate.py

- savez.npz / savez_compressed.npz: numpy's own writers, one member per case below; expected.json
  holds every member's dtype, shape and values (complex as [re, im], non-finite floats as strings).
- example.tfrecord / example.tfrecord.gz: one tf.train.Example whose protobuf bytes are spelled out
  by hand below, byte by byte, and framed with TensorFlow's masked CRC32C computed by a tiny
  table-free CRC32C checked against the standard check value. TensorFlow writes the same bytes
  (map entries sorted by key, packed int64/float lists).
- records.tfrecord: raw records (empty, short, 300 bytes) to check framing alone.
"""
import gzip
import json
import os
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def arrays():
    return {
        "f32_2d": np.arange(6, dtype=np.float32).reshape(2, 3) / np.float32(4),
        "i64": np.array([-(2**63), -1, 0, 1, 2**63 - 1], dtype=np.int64),
        "u16": np.array([0, 1, 65535], dtype=np.uint16),
        "bool": np.array([True, False, True]),
        "f64_fortran": np.asfortranarray(np.arange(12, dtype=np.float64).reshape(3, 4) - 5.5),
        "i32_big_endian": np.array([1, -2, 300000], dtype=">i4"),
        "scalar": np.float64(2.5),
        "empty": np.zeros((0, 3), dtype=np.int8),
        "c64": np.array([1 + 2j, -0.5 - 0j], dtype=np.complex64),
        "f16": np.array([0.5, -1.25, 65504], dtype=np.float16),
        "nonfinite": np.array([np.nan, np.inf, -np.inf, -0.0], dtype=np.float64),
    }


def jsonable(a):
    a = np.asarray(a)
    if a.dtype.kind == "c":
        return [[jsonable(x.real), jsonable(x.imag)] for x in a.reshape(-1)] if a.ndim else [jsonable(a.real), jsonable(a.imag)]
    if a.ndim:
        return [jsonable(x) for x in a]
    v = a.item()
    if isinstance(v, float) and not np.isfinite(v):
        return "nan" if np.isnan(v) else ("inf" if v > 0 else "-inf")
    return v


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def masked_crc(data):
    c = crc32c(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def frame(record):
    length = struct.pack("<Q", len(record))
    return length + struct.pack("<I", masked_crc(length)) + record + struct.pack("<I", masked_crc(record))


# tf.train.Example {features {feature {"label": int64_list [7, -1, 300]},
#                             feature {"name": bytes_list ["h\u00e9llo"]},
#                             feature {"weights": float_list [0.5, -2.25]}}}
# Field keys: (field << 3) | wire type; wire type 2 = length-delimited.
LABEL = bytes([
    0x0A, 0x05, *b"label",           # map entry key (field 1): "label"
    0x12, 0x11,                      # map entry value (field 2): Feature, 17 bytes
    0x1A, 0x0F,                      #   Feature.int64_list (field 3), 15 bytes
    0x0A, 0x0D,                      #     Int64List.value (field 1), packed, 13 bytes:
    0x07,                            #       7
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01,  # -1 (ten-byte varint)
    0xAC, 0x02,                      #       300
])
NAME = bytes([
    0x0A, 0x04, *b"name",
    0x12, 0x0A,                      # Feature, 10 bytes
    0x0A, 0x08,                      #   Feature.bytes_list (field 1), 8 bytes
    0x0A, 0x06, *"h\u00e9llo".encode("utf-8"),  # BytesList.value: 6 UTF-8 bytes
])
WEIGHTS = bytes([
    0x0A, 0x07, *b"weights",
    0x12, 0x0C,                      # Feature, 12 bytes
    0x12, 0x0A,                      #   Feature.float_list (field 2), 10 bytes
    0x0A, 0x08,                      #     FloatList.value, packed, 8 bytes
    0x00, 0x00, 0x00, 0x3F,          #       0.5 (little-endian float32)
    0x00, 0x00, 0x10, 0xC0,          #       -2.25
])


def entry(body):
    return bytes([0x0A, len(body)]) + body  # Features.feature (field 1): one map entry


FEATURES = entry(LABEL) + entry(NAME) + entry(WEIGHTS)
EXAMPLE = bytes([0x0A, len(FEATURES)]) + FEATURES  # Example.features (field 1)


def main():
    assert crc32c(b"123456789") == 0xE3069283, "CRC32C check value"
    assert len(LABEL) == 2 + 5 + 2 + 17 and len(NAME) == 2 + 4 + 2 + 10 and len(WEIGHTS) == 2 + 7 + 2 + 12
    assert struct.unpack("<2f", WEIGHTS[-8:]) == (0.5, -2.25)

    a = arrays()
    np.savez(os.path.join(HERE, "savez.npz"), **a)
    np.savez_compressed(os.path.join(HERE, "savez_compressed.npz"), **a)
    expected = {k: {"dtype": np.asarray(v).dtype.name, "shape": list(np.shape(v)), "values": jsonable(v)} for k, v in a.items()}

    framed = frame(EXAMPLE)
    with open(os.path.join(HERE, "example.tfrecord"), "wb") as f:
        f.write(framed)
    with gzip.GzipFile(os.path.join(HERE, "example.tfrecord.gz"), "wb", mtime=0) as f:
        f.write(framed)
    records = [b"", b"x", bytes(range(256)) + b"tfrecord" * 5 + b"...."]
    with open(os.path.join(HERE, "records.tfrecord"), "wb") as f:
        for r in records:
            f.write(frame(r))

    expected["_example_hex"] = EXAMPLE.hex()
    expected["_framed_hex"] = framed.hex()
    expected["_records_hex"] = [r.hex() for r in records]
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
