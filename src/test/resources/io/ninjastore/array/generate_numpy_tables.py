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
"""
import json
import math
import os
import warnings

import numpy as np

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


def main():
    out = {
        'numpy': np.__version__,
        'dtypes': DTYPES,
        'itemsize': {t: np.dtype(t).itemsize for t in DTYPES},
        'can_cast_safe': {a: {b: bool(np.can_cast(a, b, casting='safe')) for b in DTYPES} for a in DTYPES},
        'promote_types': {a: {b: np.promote_types(a, b).name for b in DTYPES} for a in DTYPES},
        'astype': [],
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
        casts = ',\n'.join('  ' + json.dumps(c) for c in out['astype'])
        f.write(f' "astype": [\n{casts}\n ]\n}}\n')
    print(f'wrote {path}: {len(out["astype"])} casts')


if __name__ == '__main__':
    main()
