#!/usr/bin/env python3
"""Regenerate the ninjastore conformance vectors with the reference writer (spec/reference).

    python3 spec/vectors/generate.py [OUT_DIR]      (default: the directory of this script)

Each vector is a store OUT_DIR/<name>/ plus OUT_DIR/<name>.json holding the exact text the
reference CLI prints: {"info_line": "...", "cat_lines": ["...", ...]}. OUT_DIR/README.md is
rewritten from the descriptions below. Re-running deletes every subdirectory and *.json in
OUT_DIR first; the output is deterministic (fixed seeds, no timestamps).
"""
import json
import os
import shutil
import struct
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'reference'))
import ninja_ref as nr  # noqa: E402

VECTORS = []  # (name, description, clauses, build(path))


def vector(name, description, clauses):
    """Registers a vector; CLAUSES are the ids of spec/FORMAT.md and COMMIT.md it shows."""
    def register(build):
        VECTORS.append((name, description, clauses, build))
        return build
    return register


# --- dense: every dtype with edge values ---------------------------------------------------------

@vector('dense_bool', 'bool: true/false', 'F-3 J-2')
def _(p):
    nr.write_numpy(p, np.array([True, False, True, False]))


for _name in ('int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64'):
    _ii = np.iinfo(_name)
    _vals = sorted({int(_ii.min), int(_ii.min) + 1, -1 if _ii.min else 0, 0, 1, int(_ii.max) - 1,
                    int(_ii.max)})

    @vector(f'dense_{_name}', f'{_name}: min, max and values next to them, -1/0/1 (exact decimal)',
            'F-3 J-2')
    def _(p, _name=_name, _vals=_vals):
        nr.write_numpy(p, np.array(_vals, dtype=_name))


def _float_edges(t):
    fi = np.finfo(t)
    tiny_sub = np.array(1, dtype=f'u{fi.bits // 8}').view(t)[()]       # smallest subnormal
    big_sub = np.nextafter(fi.smallest_normal, t(0), dtype=t)           # largest subnormal
    vals = [np.nan, np.inf, -np.inf, 0.0, -0.0, tiny_sub, -tiny_sub, big_sub, fi.smallest_normal,
            fi.max, -fi.max, 0.1, 1 / 3, -1.5, 1e-4, 1e-5, 123.456, 1.0, 2.0 ** 11 + 1]
    if t != np.float16:
        vals += [1e15, 1e16, 2.0 ** 24 + 1, 16777217.0 * 3, 1e22, 1e-7]
    if t == np.float64:
        vals += [9999999999999998.0, 0.1 + 0.2, 2.0 ** 53 + 2, 1e100, 5e-324 * 3]
    with np.errstate(over='ignore'):
        return np.array(vals, dtype=t)


for _t in (np.float16, np.float32, np.float64):
    @vector(f'dense_{np.dtype(_t).name}',
            f'{np.dtype(_t).name}: nan, +-inf, +-0.0, subnormals, smallest normal, +-max, '
            'shortest round-trip digits and the positional/scientific switch (1e-4/1e-5, 1e15/1e16)',
                    'F-3 J-3')
    def _(p, _t=_t):
        nr.write_numpy(p, _float_edges(_t))


for _t, _f in ((np.complex64, np.float32), (np.complex128, np.float64)):
    @vector(f'dense_{np.dtype(_t).name}',
            f'{np.dtype(_t).name}: [re, im] pairs, parts formatted as {np.dtype(_f).name}, '
            'with nan/inf/-0.0/subnormal/max parts', 'F-3 J-4')
    def _(p, _t=_t, _f=_f):
        e = _float_edges(_f)
        c = np.empty(len(e), _t)  # set parts directly: 1j * inf would give nan+infj
        c.real, c.imag = e, e[::-1]
        nr.write_numpy(p, c)


# --- dense: layouts ---------------------------------------------------------------------------

@vector('dense_int32_3d', 'int32 shape (2,3,4), C order: rows are nested lists', 'F-6 J-6')
def _(p):
    nr.write_numpy(p, np.arange(-12, 12, dtype=np.int32).reshape(2, 3, 4))


@vector('dense_float64_f_order', 'float64 shape (3,4) stored in F order: cat prints logical C order',
        'F-5 F-28 J-6')
def _(p):
    nr.write_numpy(p, np.asfortranarray(np.arange(12, dtype=np.float64).reshape(3, 4) / 8), 'F')


@vector('dense_int16_f_3d', 'int16 shape (2,3,2) stored in F order', 'F-28')
def _(p):
    nr.write_numpy(p, np.arange(12, dtype=np.int16).reshape(2, 3, 2), 'F')


@vector('dense_0d', '0-d float64 array: empty shape.ninja, length 1, cat prints one bare number',
        'F-4 F-7 J-6')
def _(p):
    nr.write_numpy(p, np.array(2.5))


@vector('dense_empty', 'empty float64 store of shape (0,3): empty data.ninja, cat prints nothing',
        'F-6 F-51')
def _(p):
    nr.write_numpy(p, np.empty((0, 3)))


@vector('dense_uncommitted_tail',
        'int32 (3,2) whose data.ninja has 12 extra bytes past shape.ninja, plus unknown files '
        '(ninjastore.lock, ninjastore.crc32c, shape.ninja.tmp) that readers must ignore',
                'F-6 F-36 F-50')
def _(p):
    nr.write_numpy(p, np.arange(6, dtype=np.int32).reshape(3, 2))
    with open(os.path.join(p, 'data.ninja'), 'ab') as f:
        f.write(b'\xff' * 12)
    for junk in ('ninjastore.lock', 'ninjastore.crc32c', 'shape.ninja.tmp'):
        with open(os.path.join(p, junk), 'wb') as f:
            f.write(b'junk')


# --- ragged -----------------------------------------------------------------------------------

@vector('ragged_empty', 'empty float32 ragged store (ninjastore layout; mmap_ninja cannot write one)',
        'F-18')
def _(p):
    nr.write_ragged(p, [], dtype=np.float32)


@vector('ragged_scalars', 'int32 0-d samples: shape (0,) with 1 element each, cat prints bare numbers',
        'F-13 J-6')
def _(p):
    nr.write_ragged(p, [np.int32(5), np.int32(-7), np.int32(0), np.int32(2147483647)])


@vector('ragged_empty_samples',
        'float64 flat shapes mixing empty 1-d samples (shape (0,), 0 elements, cat []) with scalars '
        '(shape (0,), 1 element) and short 1-d samples', 'F-13 F-14')
def _(p):
    nr.write_ragged(p, [np.array([]), np.float64(1.5), np.array([1.0]), np.array([]),
                        np.array([2.0, -0.0])])


@vector('ragged_nested_mixed',
        'int16 nested shapes: 2-d, scalar, 3-d, 1-d, empty 1-d, (0,3) and (3,0) samples',
                'F-15 F-26')
def _(p):
    nr.write_ragged(p, [
        np.arange(6, dtype=np.int16).reshape(2, 3), np.int16(-1),
        np.arange(8, dtype=np.int16).reshape(2, 2, 2), np.array([7, 8, 9], np.int16),
        np.array([], np.int16), np.empty((0, 3), np.int16), np.empty((3, 0), np.int16)])


@vector('ragged_extended',
        'float32 written as [3-vector, scalar, empty] then extended with [(2,2), [6]]: the append '
        'converts shapes/ from flat to nested; bytes equal a one-shot write of all five samples',
        'F-19 C-14')
def _(p):
    nr.write_ragged(p, [np.array([1, 2, 3], np.float32), np.float32(4.5), np.array([], np.float32)])
    nr.extend_ragged(p, [np.array([[1, 2], [3, 4]], np.float32), np.array([6], np.float32)])


@vector('ragged_uncommitted_tail',
        'uint8 nested store after a crash just before the commit: data, shape.ninja, ends/, '
        'flattened_shapes/, shapes/ and starts/data.ninja hold a 4th sample but starts/shape.ninja '
        'records 3, so only 3 exist; also holds unknown files', 'F-12 F-26 C-4 F-50')
def _(p):
    s = [np.arange(6, dtype=np.uint8).reshape(2, 3), np.array([9], np.uint8), np.uint8(255),
         np.full((2, 2), 7, np.uint8)]
    nr.write_ragged(p, s)
    starts = os.path.join(p, 'starts')
    with open(os.path.join(starts, 'shape.ninja'), 'wb') as f:
        f.write(struct.pack('<Q', 3))
    for junk in ('ninjastore.lock', os.path.join('starts', 'shape.ninja.tmp')):
        with open(os.path.join(p, junk), 'wb') as f:
            f.write(b'junk')


# --- strings ----------------------------------------------------------------------------------

@vector('strings_unicode',
        'strings: empty string, non-ASCII, CJK, 4-byte UTF-8, NUL, every short escape, other '
        'control chars (\\u00XX lowercase), DEL and U+2028 raw', 'F-20 F-22 J-5')
def _(p):
    nr.write_strings(p, ['', 'plain', 'héllo wörld', '日本語', 'emoji 🎉😀', 'nul\x00byte',
                         'q"uote\\back/slash', '\b\f\n\r\t', '\x01\x1f\x7f', 'line\u2028sep',
                         '\U0001F600'])


@vector('strings_empty', 'empty strings store (ninjastore layout: empty data.ninja, starts/ends (0,))',
        'F-23')
def _(p):
    nr.write_strings(p, [])


@vector('strings_extended', 'strings written as 2 then extended by 2 (byte offsets continue)',
        'F-21 C-4')
def _(p):
    nr.write_strings(p, ['alpha', 'βeta'])
    nr.extend_strings(p, ['', 'δέλτα'])


# --- offline ----------------------------------------------------------------------------------

@vector('offline', 'offline data set of 3 float32 entries shaped (2,3), (4,3), (1,3): info shape '
        '[3,[1,4],3]; names with "/" and JSON metadata', 'F-40 F-41 F-43 F-44 F-45 J-7')
def _(p):
    rng = np.random.default_rng(20240607)
    arrays = [(rng.integers(-8, 8, (n, 3)) / 4).astype(np.float32) for n in (2, 4, 1)]
    nr.write_offline(p, arrays, ['train/a.npy', 'train/b.npy', 'test/c.npy'],
                     [{'label': 1}, {}, {'label': 0, 'note': 'é'}])


@vector('offline_empty', 'offline data set with no entries (uint8): info shape [0]',
        'F-41 F-45 J-7')
def _(p):
    nr.write_offline(p, [], [], [], dtype=np.uint8)


# ---------------------------------------------------------------------------------------------

def generate(out_dir=HERE):
    for entry in os.listdir(out_dir):
        full = os.path.join(out_dir, entry)
        if os.path.isdir(full):
            shutil.rmtree(full)
        elif entry.endswith('.json'):
            os.remove(full)
    lines = ['# ninjastore conformance vectors', '',
             'Generated by `python3 spec/vectors/generate.py` with the reference writer '
             '(`spec/reference/ninja_ref.py`); do not edit by hand.',
             'Each `<name>/` is a store and `<name>.json` holds the exact output of the CLI: '
             '`{"info_line": ..., "cat_lines": [...]}`',
             '(`info PATH` prints `info_line`; `cat PATH` prints `cat_lines`, one per line).', '',
             'The clauses are those of [`../FORMAT.md`](../FORMAT.md) and [`../COMMIT.md`](../COMMIT.md) '
             'that the vector shows on real bytes.', '',
             '| vector | what it tests | clauses |', '|---|---|---|']
    for name, description, clauses, build in VECTORS:
        path = os.path.join(out_dir, name)
        build(path)
        doc = {'info_line': nr.info(path), 'cat_lines': list(nr.cat(path))}
        with open(path + '.json', 'w', encoding='utf-8', newline='\n') as f:
            f.write(json.dumps(doc, ensure_ascii=False, indent=1) + '\n')
        lines.append(f'| `{name}` | {description} | {", ".join(clauses.split())} |')
    with open(os.path.join(out_dir, 'README.md'), 'w', encoding='utf-8', newline='\n') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    generate(sys.argv[1] if len(sys.argv) > 1 else HERE)
