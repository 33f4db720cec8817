#!/usr/bin/env python3
"""Writes numpy_tables.json next to this script: what numpy says about the 14 store dtypes.

Run from anywhere with python3 + numpy (the committed file was made with numpy 2.4.6):

    python3 src/test/resources/io/ninjastore/array/generate_numpy_tables.py

The Java tests (DTypeTest, NdArrayCastTest) read the JSON and never run Python, so the suite
needs no numpy. Contents:
  - itemsize:      dtype name -> np.dtype(name).itemsize
  - can_cast_safe: [from][to] -> np.can_cast(from, to, casting="safe")
  - promote_types: [a][b]     -> np.promote_types(a, b).name
  - astype:        {from, to, in, out}: little-endian bytes (hex) of one value of `from` and of
                   np.array(value).astype(to). Casts C leaves undefined (a NaN, an infinity or an
                   out-of-range value becoming an integer) are left out: numpy's result depends on
                   the CPU there.
  - npy_headers:   {dtype, shape, size, head, sha256}: the header numpy.lib.format writes for a
                   C-ordered little-endian array of that dtype and shape (no data needed): its
                   length, first 12 bytes (hex) and SHA-256; one, of shape {"ones": 25000} (25000
                   axes of length 1), is long enough to need format 2.0.
  - npy_files:     {name, version, dtype, shape, fortran, byteorder, values, hex}: whole .npy files
                   numpy wrote in format 1.0, 2.0 and 3.0, big-endian, Fortran-ordered, 0-d, empty;
                   values as from .tolist() (complex as [re, im]; non-finite as "nan"/"inf"/"-inf").
"""
import hashlib
import io
import json
import math
import os
import warnings

import numpy as np
from numpy.lib import _format_impl  # numpy 2.x home of format._write_array_header

DTYPES = ['bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64',
          'float16', 'float32', 'float64', 'complex64', 'complex128']

# Values per source dtype: the edges of each range, values that need rounding, and the double-rounding
# traps a cast through an intermediate type gets wrong (x.5-ulp ties once rounded twice).
SAMPLES = {
    'bool': [False, True],
    'int8': [0, 1, -1, 42, 127, -128],
    'int16': [0, 1, -1, 300, -129, 2049, 32767, -32768],
    'int32': [0, 1, -1, 70000, 16777217, -16777217, 2**31 - 1, -2**31],
    'int64': [0, 1, -1, 2**24 + 1, 2**53 + 1, -(2**53 + 1), 123456789012345,
              2**60 + 2**36 + 1, -(2**60 + 2**36 + 1), 2**63 - 1, -2**63],
    'uint8': [0, 1, 128, 255],
    'uint16': [0, 256, 2049, 32768, 65535],
    'uint32': [0, 16777217, 2**31, 2**32 - 1],
    'uint64': [0, 1, 2**53 + 1, 2**63, 2**63 + 2**39 + 1, 2**63 + 2**11 + 1, 2**64 - 1],
    'float16': [0.0, -0.0, 1.5, -2.5, 0.333251953125, 65504.0, 6e-08, math.inf, -math.inf, math.nan],
    'float32': [0.0, -0.0, 0.1, 1.5, -2.5, 255.5, -128.75, 65519.99, 65520.0, 1e-40,
                3.4e38, 1.0 + 2.0**-11, math.inf, -math.inf, math.nan],
    'float64': [0.0, -0.0, 0.1, 1.5, -2.5, 255.5, 1e300, 5e-324, 2049.0000001,
                1.0 + 2.0**-11 + 2.0**-40, 1.0 + 2.0**-11 - 2.0**-40, 1.0 + 2.0**-24 + 2.0**-50,
                65519.99999999999, 2.0**-25 + 2.0**-60, 9007199254740993.0, 1.8446744073709552e19 / 4,
                math.inf, -math.inf, math.nan],
    'complex64': [complex(1.5, -2.0), complex(0.0, 1.0), complex(0.0, 0.0), complex(-3.25, 0.5)],
    'complex128': [complex(1.5, -2.0), complex(0.0, 1.0), complex(0.0, 0.0), complex(1e300, 1.0),
                   complex(1.0 + 2.0**-11 + 2.0**-40, -0.0)],
}


def le_hex(a):
    return a.astype(a.dtype.newbyteorder('<')).tobytes().hex()


def defined(src, dst, value):
    """Whether C defines the cast: a float or complex becoming an integer must be finite and in range."""
    s, d = np.dtype(src), np.dtype(dst)
    if d.kind not in 'iu' or s.kind not in 'fc':
        return True
    re = complex(value).real if s.kind == 'c' else float(value)
    if not math.isfinite(re):
        return False
    t = math.trunc(re)
    info = np.iinfo(d)
    return info.min <= t <= info.max


def npy_headers():
    out = []
    shapes = [(), (0,), (7,), (3, 4), (2, 3, 4), (0, 3), (12345678901, 3), (9223372036854775807,),
              (1,) * 64, (5,) + (1,) * 35,  # for bool, a dict that ends exactly on 64: numpy pads 64 more, not 0
              (1,) * 25000]  # the last needs format 2.0 (a header over 65535 bytes)
    for dtype in ('bool', 'int8', 'uint16', 'float32', 'complex128'):
        for shape in shapes:
            if len(shape) > 64 and dtype != 'int8':
                continue
            d = {'descr': np.lib.format.dtype_to_descr(np.dtype(dtype)), 'fortran_order': False, 'shape': shape}
            f = io.BytesIO()
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')  # "Stored array in format 2.0": the point of the last shape
                _format_impl._write_array_header(f, d, None)  # what write_array calls: the version fits the size
            h = f.getvalue()
            # a long run of ones is written as {"ones": n} to keep this file small
            written = {'ones': len(shape)} if len(shape) > 64 else list(shape)
            out.append({'dtype': dtype, 'shape': written, 'size': len(h), 'head': h[:12].hex(),
                        'sha256': hashlib.sha256(h).hexdigest()})
    return out


def text_value(v):
    if isinstance(v, list):
        return [text_value(x) for x in v]
    if isinstance(v, complex):
        return [text_value(v.real), text_value(v.imag)]
    if isinstance(v, float) and not math.isfinite(v):
        return 'nan' if math.isnan(v) else ('inf' if v > 0 else '-inf')
    return v


def npy_files():
    cases = [
        ('v1_float32_2d', (1, 0), np.arange(6, dtype='<f4').reshape(2, 3)),
        ('v2_int16', (2, 0), np.array([-2, 0, 32767], dtype='<i2')),
        ('v3_uint8', (3, 0), np.array([[1, 2], [3, 255]], dtype='|u1')),
        ('v2_big_endian_fortran_int16_3d', (2, 0), np.asfortranarray(np.arange(24, dtype='>i2').reshape(2, 3, 4) - 12)),
        ('big_endian_float64_0d', (1, 0), np.array(-1.5, dtype='>f8')),
        ('big_endian_uint64', (1, 0), np.array([0, 2**63, 2**64 - 1], dtype='>u8')),
        ('little_endian_uint64', (1, 0), np.array([2**64 - 1, 1], dtype='<u8')),
        ('float16_both_orders_le', (1, 0), np.array([1.0, -65504.0, np.inf, np.nan, 6e-08], dtype='<f2')),
        ('float16_both_orders_be', (1, 0), np.array([1.0, -65504.0, np.inf, np.nan, 6e-08], dtype='>f2')),
        ('complex128_fortran', (1, 0), np.asfortranarray(np.array([[1 + 2j, -3j], [0.5, -np.inf + 1j]], dtype='<c16'))),
        ('big_endian_complex64', (1, 0), np.array([1.5 - 2j], dtype='>c8')),
        ('empty_0x3_float32', (1, 0), np.zeros((0, 3), dtype='<f4')),
        ('empty_fortran_3x0_int32', (1, 0), np.asfortranarray(np.zeros((3, 0), dtype='<i4'))),
        ('bool_2d', (1, 0), np.array([[True, False, True], [False, False, True]])),
        ('int64_0d', (1, 0), np.array(-(2**63), dtype='<i8')),
    ]
    out = []
    for name, version, a in cases:
        f = io.BytesIO()
        np.lib.format.write_array(f, a, version=version)
        out.append({'name': name, 'version': f'{version[0]}.{version[1]}', 'dtype': a.dtype.name, 'shape': list(a.shape),
                    'fortran': bool(a.flags.f_contiguous and not a.flags.c_contiguous),
                    'byteorder': '>' if a.dtype.byteorder == '>' else '<',
                    'values': text_value(a.tolist()), 'hex': f.getvalue().hex()})
    return out


def main():
    out = {
        'numpy': np.__version__,
        'dtypes': DTYPES,
        'itemsize': {t: np.dtype(t).itemsize for t in DTYPES},
        'can_cast_safe': {a: {b: bool(np.can_cast(a, b, casting='safe')) for b in DTYPES} for a in DTYPES},
        'promote_types': {a: {b: np.promote_types(a, b).name for b in DTYPES} for a in DTYPES},
        'astype': [],
        'npy_headers': npy_headers(),
        'npy_files': npy_files(),
    }
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')  # ComplexWarning, overflow to inf: both are the point
        for src in DTYPES:
            for v in SAMPLES[src]:
                a = np.array(v, dtype=src)
                for dst in DTYPES:
                    if defined(src, dst, a[()]):
                        out['astype'].append({'from': src, 'to': dst, 'in': le_hex(a), 'out': le_hex(a.astype(dst))})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'numpy_tables.json')
    with open(path, 'w', encoding='utf-8') as f:  # one table row or one cast per line: reviewable diffs
        f.write('{\n')
        for key in ('numpy', 'dtypes', 'itemsize'):
            f.write(f' {json.dumps(key)}: {json.dumps(out[key])},\n')
        for key in ('can_cast_safe', 'promote_types'):
            rows = ',\n'.join(f'  {json.dumps(a)}: {json.dumps(out[key][a])}' for a in DTYPES)
            f.write(f' {json.dumps(key)}: {{\n{rows}\n }},\n')
        for key in ('astype', 'npy_headers'):
            items = ',\n'.join('  ' + json.dumps(c) for c in out[key])
            f.write(f' {json.dumps(key)}: [\n{items}\n ],\n')
        items = ',\n'.join('  ' + json.dumps(c) for c in out['npy_files'])
        f.write(f' "npy_files": [\n{items}\n ]\n}}\n')
    print(f'wrote {path}: {len(out["astype"])} casts')


if __name__ == '__main__':
    main()
