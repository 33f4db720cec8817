#!/usr/bin/env python3
"""ninja_ref: reference reader/writer for ninjastore stores (python3 + numpy only).

The stores are byte-compatible with mmap_ninja 0.8.2 (dense "numpy", "ragged" and "string"
stores) plus ninjastore's additions (empty stores, the "offline" data set, the commit rules).
Written from the layout description, not from mmap_ninja. See README.md next to this file.

CLI:
  ninja_ref.py info PATH
  ninja_ref.py cat PATH [--start S] [--limit L]
  ninja_ref.py write KIND PATH JSONL_FILE [--dtype D] [--order C|F]
  ninja_ref.py append KIND PATH JSONL_FILE [--dtype D]
(KIND is numpy|ragged|strings.) Errors: one line "ninja_ref: ..." on stderr, exit status 1.
"""
import argparse
import json
import math
import os
import shutil
import struct
import sys

import numpy as np

DTYPES = ('bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64',
          'float16', 'float32', 'float64', 'complex64', 'complex128')
INT64 = np.dtype('<i8')


class NinjaError(Exception):
    """A store (or an argument) is invalid; the message names the file and field."""


# ---------------------------------------------------------------------------------------------
# Small files

def _p(*parts):
    return os.path.join(*parts)


def _read_small(d, name):
    path = _p(d, name)
    try:
        with open(path, 'rb') as f:
            return f.read()
    except FileNotFoundError:
        raise NinjaError(f'{path}: missing') from None


def _ascii(d, name, allowed, what):
    raw = _read_small(d, name)
    text = raw.decode('ascii', 'replace')
    if text not in allowed:
        raise NinjaError(f'{_p(d, name)}: unknown {what} {text!r}')
    return text


def _type(d):
    if not os.path.exists(_p(d, 'type.ninja')) and os.path.isdir(d) and not os.listdir(d):
        raise NinjaError(f'{_p(d, "type.ninja")}: missing (empty directory; only an empty '
                         'strings store may be an empty directory, open it as strings)')
    return _ascii(d, 'type.ninja', ('numpy', 'ragged', 'string', 'offline'), 'store type')


def _dtype(d):
    return np.dtype(_ascii(d, 'dtype.ninja', DTYPES, 'dtype')).newbyteorder('<')


def _shape(d):
    raw = _read_small(d, 'shape.ninja')
    if len(raw) % 8:
        raise NinjaError(f'{_p(d, "shape.ninja")}: length {len(raw)} is not a multiple of 8')
    return struct.unpack(f'<{len(raw) // 8}Q', raw)


def _pack_shape(shape):
    return struct.pack(f'<{len(shape)}Q', *shape)


def _put(path, data):
    """Write a whole file atomically: PATH.tmp, then os.replace (how every shape.ninja is updated)."""
    tmp = path + '.tmp'
    with open(tmp, 'wb') as f:
        f.write(data)
    os.replace(tmp, path)


def _append_at(path, offset, data):
    """Truncate PATH to OFFSET bytes (drops uncommitted bytes past the logical end), then append.
    A data file left with no bytes gets one zero byte (FORMAT F-6), as numpy's memmap writes one."""
    with open(path, 'r+b') as f:
        f.truncate(offset)
        f.seek(offset)
        f.write(data if offset + len(data) > 0 else b'\0')


def _fresh_dir(path):
    if os.path.exists(path) and not (os.path.isdir(path) and not os.listdir(path)):
        raise NinjaError(f'{path}: already exists and is not an empty directory')
    os.makedirs(path, exist_ok=True)


# ---------------------------------------------------------------------------------------------
# Readers

def _flag(d):
    raw = _read_small(d, 'shapes_are_flat.ninja')
    flag = struct.unpack('<i', raw)[0] if len(raw) == 4 else None
    if flag not in (0, 1):
        raise NinjaError(f'{_p(d, "shapes_are_flat.ninja")}: must be int32 0 or 1')
    return flag


def _size(path):
    try:
        return os.path.getsize(path)
    except FileNotFoundError:
        raise NinjaError(f'{path}: missing') from None


def _read_prefix(path, n):
    with open(path, 'rb') as f:
        return f.read(n)


def _read_dense(d, expect='numpy'):
    """Validate and read a dense store; returns (array in its logical shape, order)."""
    t = _type(d)
    if t != expect:
        raise NinjaError(f'{_p(d, "type.ninja")}: expected {expect!r}, found {t!r}')
    dt, shape = _dtype(d), _shape(d)
    order = _ascii(d, 'order.ninja', ('C', 'F'), 'order')
    count = math.prod(shape)
    need = count * dt.itemsize
    path = _p(d, 'data.ninja')
    size = _size(path)
    if size < need:
        raise NinjaError(f'{path}: has {size} bytes but shape.ninja {list(shape)} x '
                         f'{dt.name} needs {need}')
    buf = _read_prefix(path, need)  # only the bytes the shape records; any excess is uncommitted
    return np.frombuffer(buf, dt, count).reshape(shape, order=order), order


def _read_index(d, n=None, cols=None):
    """An int64 index store (1-d, or (n, cols)); returns its first n entries."""
    arr, _ = _read_dense(d)
    if arr.dtype.name != 'int64':
        raise NinjaError(f'{_p(d, "dtype.ninja")}: index store must be int64, found {arr.dtype.name}')
    want = (1,) if cols is None else (2,)
    if (arr.ndim,) != want or (cols is not None and arr.shape[1] != cols):
        raise NinjaError(f'{_p(d, "shape.ninja")}: unexpected index shape {list(arr.shape)}')
    if n is not None and arr.shape[0] < n:
        raise NinjaError(f'{_p(d, "shape.ninja")}: has {arr.shape[0]} entries but starts/ records {n}')
    return arr if n is None else arr[:n]


def _read_ragged(d):
    """Validate a ragged store; returns dict(dtype, samples, ends, nested) of committed samples."""
    data, _ = _read_dense(d, 'ragged')  # the top level is a 1-d dense store typed 'ragged'
    if data.ndim != 1:
        raise NinjaError(f'{_p(d, "shape.ninja")}: ragged data must be 1-d, found {list(data.shape)}')
    starts = _read_index(_p(d, 'starts'))
    n = len(starts)  # the commit point: everything past n in the other stores is ignored
    ends = _read_index(_p(d, 'ends'), n)
    counts = _read_index(_p(d, 'flattened_shapes'), n)
    flag = _flag(d)
    sd = _p(d, 'shapes')
    if not os.path.isdir(sd) and os.path.isdir(_p(d, 'shapes.tmp-flat')):
        sd = _p(d, 'shapes.tmp-flat')  # crash between the two renames of a flat->nested conversion
    nested = _type(sd) == 'ragged'
    if nested:
        # flag 1 with a nested shapes/ is the window before the flag is rewritten: accept it
        shape_arrays = _read_ragged(sd)['samples']
        if len(shape_arrays) < n:
            raise NinjaError(f'{sd}: has {len(shape_arrays)} shapes but starts/ records {n}')
        shapes = []
        for i, s in enumerate(shape_arrays[:n]):
            if s.ndim != 1:
                raise NinjaError(f'{sd}: sample {i} is not a 1-d shape')
            shapes.append(tuple(int(x) for x in s))
    else:
        if flag == 0:
            raise NinjaError(f'{_p(d, "shapes_are_flat.ninja")}: 0 but shapes/ is a dense store')
        shapes = [(int(r[0]),) for r in _read_index(sd, n, cols=1)]
    samples, prev_s, prev_e = [], 0, 0
    for i in range(n):
        s, e, c, shp = int(starts[i]), int(ends[i]), int(counts[i]), shapes[i]
        if s < prev_s or e < prev_e:
            raise NinjaError(f'{d}: starts/ or ends/ decrease at sample {i}')
        if not 0 <= s <= e <= len(data):
            raise NinjaError(f'{d}: sample {i}: start {s} / end {e} (starts/, ends/) outside '
                             f'0..{len(data)} (shape.ninja)')
        if e - s != c:
            raise NinjaError(f'{_p(d, "flattened_shapes")}: sample {i} has {c} elements but '
                             f'end - start = {e - s}')
        if any(x < 0 for x in shp):
            raise NinjaError(f'{sd}: sample {i} has a negative dimension {list(shp)}')
        if shp == (0,) and c == 1:
            shp = ()  # a 0-d (scalar) sample is recorded as shape (0,) holding 1 element
        elif math.prod(shp) != c:
            raise NinjaError(f'{sd}: sample {i} shape {list(shp)} does not hold {c} elements '
                             '(flattened_shapes)')
        samples.append(data[s:e].reshape(shp))
        prev_s, prev_e = s, e
    return {'dtype': data.dtype, 'samples': samples, 'ends': ends, 'nested': nested}


def _empty_strings_dir(d):
    """mmap_ninja's bare directory for an empty list, or what a crash left while a writer filled one
    in (type.ninja is written last): no type.ninja, and data.ninja missing, empty or the one zero byte
    of no data (FORMAT F-6, F-23, F-24)."""
    data = _p(d, 'data.ninja')
    return (os.path.isdir(d) and not os.path.exists(_p(d, 'type.ninja'))
            and (not os.path.exists(data) or os.path.getsize(data) <= 1))


def _bare_strings_store(d):
    """An empty strings directory (above) that holds nothing but the files it may hold: what a reader
    dispatching on type.ninja takes for an empty strings store; with anything else it is no store (F-24)."""
    return _empty_strings_dir(d) and all(
        n in ('ninjastore.lock', 'starts', 'ends') or n.startswith('data.ninja') or n.endswith('.tmp')
        for n in os.listdir(d))


def _read_strings(d):
    """Committed strings of a strings store; also returns the logical end (bytes) of data.ninja."""
    if _empty_strings_dir(d):
        return [], 0
    t = _type(d)
    if t != 'string':
        raise NinjaError(f'{_p(d, "type.ninja")}: expected \'string\', found {t!r}')
    starts = _read_index(_p(d, 'starts'))
    n = len(starts)
    ends = _read_index(_p(d, 'ends'), n)
    path = _p(d, 'data.ninja')
    size = _size(path)
    prev_s = prev_e = 0
    for i in range(n):
        s, e = int(starts[i]), int(ends[i])
        if s < prev_s or e < prev_e:
            raise NinjaError(f'{d}: starts/ or ends/ decrease at string {i}')
        if not 0 <= s <= e <= size:
            raise NinjaError(f'{path}: string {i}: bytes {s}..{e} (starts/, ends/) outside 0..{size}')
        prev_s, prev_e = s, e
    end = int(ends[-1]) if n else 0
    buf = _read_prefix(path, end)
    values = []
    for i in range(n):
        try:
            values.append(buf[starts[i]:ends[i]].decode('utf-8'))
        except UnicodeDecodeError as exc:
            raise NinjaError(f'{path}: string {i} is not valid UTF-8 ({exc.reason})') from None
    return values, end


def _read_offline(d):
    path = _p(d, 'manifest.json')
    try:
        m = json.loads(_read_small(d, 'manifest.json').decode('utf-8'))
    except (UnicodeDecodeError, ValueError):
        raise NinjaError(f'{path}: not valid JSON') from None
    if not isinstance(m, dict) or m.get('type') != 'offline' or m.get('version') != 1:
        raise NinjaError(f'{path}: expected type "offline" and version 1')
    n = m.get('length')
    if type(n) is not int or n < 0:
        raise NinjaError(f'{path}: length must be a non-negative integer')
    data = _read_ragged(_p(d, 'data'))
    names, _ = _read_strings(_p(d, 'names'))
    metas, _ = _read_strings(_p(d, 'metadata'))
    for sub, have in (('data', len(data['samples'])), ('names', len(names)), ('metadata', len(metas))):
        if have < n:
            raise NinjaError(f'{_p(d, sub)}: has {have} entries but manifest.json length is {n}')
    arrays = data['samples'][:n]
    if len({a.ndim for a in arrays}) > 1:
        raise NinjaError(f'{_p(d, "data")}: entries have different ndim')
    metadata = []
    for i, text in enumerate(metas[:n]):
        try:
            obj = json.loads(text)
        except ValueError:
            obj = None
        if not isinstance(obj, dict):
            raise NinjaError(f'{_p(d, "metadata")}: entry {i} is not a JSON object')
        metadata.append(obj)
    return {'type': 'offline', 'dtype': data['dtype'].name, 'length': n, 'data': arrays,
            'names': names[:n], 'metadata': metadata}


def _read_npy(path):
    fmt = np.lib.format
    with open(path, 'rb') as f:
        try:
            version = fmt.read_magic(f)
            hdr = fmt.read_array_header_1_0 if version == (1, 0) else fmt.read_array_header_2_0
            shape, fortran, dt = hdr(f)
        except ValueError as exc:
            raise NinjaError(f'{path}: not a .npy file ({exc})') from None
    if dt.name not in DTYPES or dt.fields is not None:
        raise NinjaError(f'{path}: unsupported dtype {dt}')
    arr = np.load(path, allow_pickle=False)
    arr = arr.astype(arr.dtype.newbyteorder('<'))
    return {'type': 'numpy', 'dtype': dt.name, 'shape': list(shape), 'order': 'F' if fortran else 'C',
            'length': shape[0] if shape else 1, 'array': arr}


def read(path):
    """Read any store (or a .npy file) into a dict; 'type' says which keys follow:
    numpy: dtype, shape, order, length, array | ragged: dtype, length, samples (0-d arrays for scalars)
    string: length, values | offline: dtype, length, data, names, metadata."""
    path = os.fspath(path)
    if os.path.isfile(path):
        return _read_npy(path)
    if not os.path.isdir(path):
        raise NinjaError(f'{path}: no such store')
    t = 'string' if _bare_strings_store(path) else _type(path)
    if t == 'numpy':
        arr, order = _read_dense(path)
        return {'type': 'numpy', 'dtype': arr.dtype.name, 'shape': list(arr.shape), 'order': order,
                'length': arr.shape[0] if arr.ndim else 1, 'array': arr}
    if t == 'ragged':
        r = _read_ragged(path)
        return {'type': 'ragged', 'dtype': r['dtype'].name, 'length': len(r['samples']),
                'samples': r['samples']}
    if t == 'string':
        return read_strings(path)
    return _read_offline(path)


def read_strings(path):
    """Read a strings store; an empty directory is an empty strings store."""
    values, _ = _read_strings(os.fspath(path))
    return {'type': 'string', 'length': len(values), 'values': values}


# ---------------------------------------------------------------------------------------------
# Writers

def _known(dt, where):
    dt = np.dtype(dt)
    if dt.name not in DTYPES or dt.fields is not None:
        raise NinjaError(f'{where}: unsupported dtype {dt}')
    return dt.newbyteorder('<')


def _coerce(x, dt, where):
    """numpy input must cast safely to DT; plain Python values are converted directly to DT."""
    if isinstance(x, (np.ndarray, np.generic)):
        if not np.can_cast(x.dtype, dt, 'safe'):
            raise NinjaError(f'{where}: cannot safely cast {x.dtype.name} to stored dtype {dt.name}')
        return np.asarray(x).astype(dt)
    try:
        with np.errstate(over='raise'):
            return np.asarray(x, dtype=dt)
    except (OverflowError, ValueError, TypeError, FloatingPointError) as exc:
        raise NinjaError(f'{where}: value does not fit {dt.name}: {exc}') from None


def _write_dense(d, arr, order='C', type_='numpy'):
    os.makedirs(d, exist_ok=True)
    with open(_p(d, 'data.ninja'), 'wb') as f:
        f.write(arr.tobytes(order=order) or b'\0')  # never empty (FORMAT F-6)
    _put(_p(d, 'dtype.ninja'), arr.dtype.name.encode())
    _put(_p(d, 'shape.ninja'), _pack_shape(arr.shape))
    _put(_p(d, 'order.ninja'), order.encode())
    _put(_p(d, 'type.ninja'), type_.encode())


def _index_append(d, at, values):
    """Append int64 rows to an index store at row AT (its committed length), shape.ninja last."""
    arr = np.asarray(values, dtype=INT64)
    row = 8 * math.prod(arr.shape[1:])
    _append_at(_p(d, 'data.ninja'), at * row, arr.tobytes())
    _put(_p(d, 'shape.ninja'), _pack_shape((at + len(arr),) + arr.shape[1:]))


def write_numpy(path, arr, order=None):
    """Write a dense store. ORDER defaults to F only for an F- and not C-contiguous array."""
    path, arr = os.fspath(path), np.asarray(arr)
    arr = arr.astype(_known(arr.dtype, path))
    if order is None:
        order = 'F' if arr.flags.f_contiguous and not arr.flags.c_contiguous else 'C'
    if order not in ('C', 'F'):
        raise NinjaError(f'{path}: order must be C or F, not {order!r}')
    _fresh_dir(path)
    _write_dense(path, arr, order)


def append_numpy(path, arr):
    """Append rows along axis 0 of a C-ordered dense store."""
    path = os.fspath(path)
    cur, order = _read_dense(path)
    if order != 'C':
        raise NinjaError(f'{_p(path, "order.ninja")}: cannot append to an F-ordered store')
    if cur.ndim == 0:
        raise NinjaError(f'{_p(path, "shape.ninja")}: cannot append to a 0-d store')
    arr = _coerce(arr, cur.dtype, path)
    if arr.ndim != cur.ndim or arr.shape[1:] != cur.shape[1:]:
        raise NinjaError(f'{_p(path, "shape.ninja")}: rows of shape {list(arr.shape[1:])} do not '
                         f'match stored trailing shape {list(cur.shape[1:])}')
    row = cur.dtype.itemsize * math.prod(cur.shape[1:])
    _append_at(_p(path, 'data.ninja'), cur.shape[0] * row, arr.tobytes())
    _put(_p(path, 'shape.ninja'), _pack_shape((cur.shape[0] + arr.shape[0],) + cur.shape[1:]))


def _shape_row(a):
    return (0,) if a.ndim == 0 else a.shape  # how a sample's shape is recorded


def _samples(samples, dtype, where):
    arrays = [x if isinstance(x, (np.ndarray, np.generic)) else np.asarray(x) for x in samples]
    if dtype is None:
        if not arrays:
            raise NinjaError(f'{where}: a dtype is needed to write an empty list')
        dtype = np.result_type(*arrays)
    dt = _known(dtype, where)
    return dt, [_coerce(x, dt, f'{where}: sample {i}') for i, x in enumerate(samples)]


def _build_ragged(d, dt, arrays):
    """One-shot ragged write into an empty directory, files in mmap_ninja's from_lists order."""
    counts = np.array([a.size for a in arrays], dtype=INT64)
    ends = np.cumsum(counts, dtype=INT64)
    rows = [_shape_row(a) for a in arrays]
    flat = all(a.ndim <= 1 for a in arrays)
    _write_dense(_p(d, 'starts'), ends - counts)
    _write_dense(_p(d, 'ends'), ends)
    _put(_p(d, 'shapes_are_flat.ninja'), struct.pack('<i', int(flat)))
    if flat:
        _write_dense(_p(d, 'shapes'), np.array(rows, dtype=INT64).reshape(len(rows), 1))
    else:
        os.makedirs(_p(d, 'shapes'))
        _build_ragged(_p(d, 'shapes'), INT64, [np.array(r, dtype=INT64) for r in rows])
    _write_dense(_p(d, 'flattened_shapes'), counts)
    data = np.concatenate([a.ravel() for a in arrays]) if arrays else np.empty(0, dt)
    _write_dense(d, data.astype(dt), type_='ragged')


def write_ragged(path, samples, dtype=None):
    """Write a ragged store (an empty list gives ninjastore's empty ragged store)."""
    path = os.fspath(path)
    dt, arrays = _samples(samples, dtype, path)
    _fresh_dir(path)
    _build_ragged(path, dt, arrays)


def _repair_shapes(d):
    """Finish or roll back a flat->nested conversion of d/shapes interrupted by a crash."""
    sd, old, new = _p(d, 'shapes'), _p(d, 'shapes.tmp-flat'), _p(d, 'shapes.tmp-nested')
    if not os.path.isdir(sd) and os.path.isdir(old):
        os.rename(old, sd)
    elif os.path.isdir(sd) and _type(sd) == 'ragged' and _flag(d) == 1:
        _put(_p(d, 'shapes_are_flat.ninja'), struct.pack('<i', 0))
    for x in (old, new):
        shutil.rmtree(x, ignore_errors=True)


def _ragged_extend(d, arrays, at=None):
    """Append samples after the first AT committed samples (default: all), in the commit order:
    data, shape.ninja, ends/, flattened_shapes/, shapes/, then starts/ (the commit point)."""
    _repair_shapes(d)
    cur = _read_ragged(d)
    if at is not None and at > len(cur['samples']):
        raise NinjaError(f'{_p(d, "starts")}: has {len(cur["samples"])} samples, expected {at}')
    old = cur['samples'] if at is None else cur['samples'][:at]  # drop an uncommitted tail
    at, dt = len(old), cur['dtype']
    arrays = [_coerce(a, dt, f'{d}: sample {at + i}') for i, a in enumerate(arrays)]
    if not arrays:
        return
    end = int(cur['ends'][at - 1]) if at else 0
    counts = np.array([a.size for a in arrays], dtype=INT64)
    ends = end + np.cumsum(counts, dtype=INT64)
    _append_at(_p(d, 'data.ninja'), end * dt.itemsize, b''.join(a.tobytes() for a in arrays))
    _put(_p(d, 'shape.ninja'), _pack_shape((int(ends[-1]),)))
    _index_append(_p(d, 'ends'), at, ends)
    _index_append(_p(d, 'flattened_shapes'), at, counts)
    rows = [_shape_row(a) for a in arrays]
    if cur['nested']:
        _ragged_extend(_p(d, 'shapes'), [np.array(r, dtype=INT64) for r in rows], at)
    elif all(a.ndim <= 1 for a in arrays):
        _index_append(_p(d, 'shapes'), at, np.array(rows, dtype=INT64).reshape(len(rows), 1))
    else:
        # Flat -> nested: build the nested store aside, swap it in, then flip the flag. The result
        # equals a one-shot write of the whole list.
        sd, tmp_new, tmp_old = _p(d, 'shapes'), _p(d, 'shapes.tmp-nested'), _p(d, 'shapes.tmp-flat')
        os.makedirs(tmp_new)
        all_rows = [_shape_row(a) for a in old] + rows
        _build_ragged(tmp_new, INT64, [np.array(r, dtype=INT64) for r in all_rows])
        os.rename(sd, tmp_old)
        os.rename(tmp_new, sd)
        _put(_p(d, 'shapes_are_flat.ninja'), struct.pack('<i', 0))
        shutil.rmtree(tmp_old)
    _index_append(_p(d, 'starts'), at, ends - counts)


def extend_ragged(path, samples):
    """Append samples to a ragged store (numpy input must cast safely to the stored dtype)."""
    _ragged_extend(os.fspath(path), list(samples))


def _encode(values, where):
    out = []
    for i, s in enumerate(values):
        if not isinstance(s, str):
            raise NinjaError(f'{where}: string {i} is not a str')
        try:
            out.append(s.encode('utf-8'))
        except UnicodeEncodeError:
            raise NinjaError(f'{where}: string {i} is not valid Unicode (lone surrogate)') from None
    return out


def _build_strings(d, values):
    bs = _encode(values, d)
    ends = np.cumsum([len(b) for b in bs], dtype=INT64)
    with open(_p(d, 'data.ninja'), 'wb') as f:
        f.write(b''.join(bs) or b'\0')  # never empty (FORMAT F-6)
    _write_dense(_p(d, 'ends'), ends)
    _write_dense(_p(d, 'starts'), ends - np.array([len(b) for b in bs], dtype=INT64))
    _put(_p(d, 'type.ninja'), b'string')


def write_strings(path, values):
    """Write a strings store (an empty list gives ninjastore's empty strings store)."""
    path = os.fspath(path)
    _encode(values, path)
    _fresh_dir(path)
    _build_strings(path, list(values))


def extend_strings(path, values):
    """Append strings: data at the logical end, then ends/, then starts/ (the commit point)."""
    path = os.fspath(path)
    bs = _encode(values, path)
    if _empty_strings_dir(path):
        _build_strings(path, [])
    old, end = _read_strings(path)
    if not bs:
        return
    lens = np.array([len(b) for b in bs], dtype=INT64)
    ends = end + np.cumsum(lens, dtype=INT64)
    _append_at(_p(path, 'data.ninja'), end, b''.join(bs))
    _index_append(_p(path, 'ends'), len(old), ends)
    _index_append(_p(path, 'starts'), len(old), ends - lens)


def write_offline(path, arrays, names, metadata=None, dtype=None):
    """Write an offline data set; manifest.json (written last, atomically) commits it."""
    path = os.fspath(path)
    dt, arrays = _samples(arrays, dtype, path)
    metadata = [{}] * len(arrays) if metadata is None else list(metadata)
    if not len(arrays) == len(names) == len(metadata):
        raise NinjaError(f'{path}: {len(arrays)} arrays, {len(names)} names, {len(metadata)} metadata')
    if len({a.ndim for a in arrays}) > 1:
        raise NinjaError(f'{path}: all entries must have the same ndim')
    seen = set()
    for i, name in enumerate(names):
        parts = name.split('/') if isinstance(name, str) else ['']
        if '\\' in name or any(p in ('', '.', '..') for p in parts):
            raise NinjaError(f'{path}: name {i} {name!r} is not a relative path with "/"')
        if name in seen:
            raise NinjaError(f'{path}: name {i} {name!r} is already taken by an earlier entry')
        seen.add(name)
    _encode(names, path)  # no lone surrogates: checked before anything is written
    texts = []
    for i, m in enumerate(metadata):
        m = {} if m is None else m
        if not isinstance(m, dict):
            raise NinjaError(f'{path}: metadata {i} is not a dict')
        texts.append(json.dumps(m, ensure_ascii=False, separators=(',', ':')))
    _fresh_dir(path)
    _put(_p(path, 'type.ninja'), b'offline')
    os.makedirs(_p(path, 'data'))
    _build_ragged(_p(path, 'data'), dt, arrays)
    for sub, values in (('names', list(names)), ('metadata', texts)):
        os.makedirs(_p(path, sub))
        _build_strings(_p(path, sub), values)
    manifest = {'type': 'offline', 'version': 1, 'length': len(arrays)}
    _put(_p(path, 'manifest.json'), json.dumps(manifest, separators=(',', ':')).encode())


# ---------------------------------------------------------------------------------------------
# Canonical text (what `cat` prints)

def fmt_float(x):
    """Shortest round-trip digits in x's own dtype, laid out like Python's repr(float)."""
    if np.isnan(x):
        return '"nan"'
    if np.isinf(x):
        return '"inf"' if x > 0 else '"-inf"'
    mant, exp = np.format_float_scientific(x, unique=True, trim='-').split('e')
    e, sign = int(exp), '-' if mant.startswith('-') else ''
    digits = mant.lstrip('-').replace('.', '')
    if -4 <= e < 16:
        if e >= 0:
            whole, frac = digits[:e + 1].ljust(e + 1, '0'), digits[e + 1:] or '0'
        else:
            whole, frac = '0', '0' * (-e - 1) + digits
        return f'{sign}{whole}.{frac}'
    lead = digits[0] + ('.' + digits[1:] if len(digits) > 1 else '')
    return f'{sign}{lead}e{"-" if e < 0 else "+"}{abs(e):02d}'


def _element_texts(a):
    kind, flat = a.dtype.kind, a.ravel(order='C')
    if kind == 'b':
        return ['true' if v else 'false' for v in flat.tolist()]
    if kind in 'iu':
        return [str(v) for v in flat.tolist()]
    if kind == 'f':
        return [fmt_float(v) for v in flat]
    return [f'[{fmt_float(v.real)},{fmt_float(v.imag)}]' for v in flat]


def _nest(items, shape):
    if not shape:
        return items[0]
    if len(shape) == 1:
        return '[' + ','.join(items) + ']'
    step = math.prod(shape[1:])
    return '[' + ','.join(_nest(items[i * step:(i + 1) * step], shape[1:])
                          for i in range(shape[0])) + ']'


def to_text(a):
    """Canonical compact JSON text of an array (0-d: a bare value) in logical C order."""
    a = np.asarray(a)
    return _nest(_element_texts(a), a.shape)


def _compact(obj):
    return json.dumps(obj, separators=(',', ':'), ensure_ascii=False)


def info(path):
    r = read(path)
    t = r['type']
    if t == 'numpy':
        keys = ('type', 'length', 'dtype', 'shape', 'order')
    elif t == 'ragged':
        keys = ('type', 'length', 'dtype')
    elif t == 'string':
        keys = ('type', 'length')
    else:
        shape = [r['length']]
        if r['data']:
            for ax in range(r['data'][0].ndim):
                sizes = [a.shape[ax] for a in r['data']]
                lo, hi = min(sizes), max(sizes)
                shape.append(lo if lo == hi else [lo, hi])
        r = dict(r, shape=shape)
        keys = ('type', 'length', 'dtype', 'shape')
    return _compact({k: r[k] for k in keys})


def cat(path, start=0, limit=None):
    """The lines `cat` prints (without newlines)."""
    r = read(path)
    t = r['type']
    if t == 'numpy':
        a = r['array']
        items = [a] if a.ndim == 0 else a
    else:
        items = {'ragged': r.get('samples'), 'string': r.get('values'), 'offline': r.get('data')}[t]
    stop = len(items) if limit is None else min(len(items), start + limit)
    for i in range(start, stop):
        yield _compact(items[i]) if t == 'string' else to_text(items[i])


# ---------------------------------------------------------------------------------------------
# Canonical text -> arrays (the `write`/`append` input)

def _strict_float(s):
    v = float(s)
    if math.isinf(v):
        raise NinjaError(f'number {s} is out of range')
    return v


def _reject_constant(s):
    raise NinjaError(f'{s} is not canonical; use "nan", "inf" or "-inf"')


def from_text(value, dtype):
    """Inverse of to_text for one parsed JSON value: an array of DTYPE (0-d for a bare value)."""
    dt = np.dtype(dtype)
    kind = dt.kind

    def real(v):
        if isinstance(v, str) and v in ('nan', 'inf', '-inf'):
            return float(v)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return v
        raise NinjaError(f'{v!r} is not a {dt.name} value')

    def conv(v):
        if isinstance(v, list):
            if kind == 'c' and len(v) == 2 and not any(isinstance(x, list) for x in v):
                return complex(real(v[0]), real(v[1]))
            return [conv(x) for x in v]
        if kind == 'b' and isinstance(v, bool):
            return v
        if kind in 'iu' and isinstance(v, int) and not isinstance(v, bool):
            return v
        if kind == 'f':
            return real(v)
        raise NinjaError(f'{v!r} is not a {dt.name} value')

    try:
        with np.errstate(over='raise'):
            return np.array(conv(value), dtype=dt)
    except (OverflowError, ValueError, FloatingPointError) as exc:
        raise NinjaError(f'value does not fit {dt.name}: {exc}') from None


def _read_jsonl(path):
    values = []
    with open(path, encoding='utf-8') as f:
        for no, line in enumerate(f, 1):
            if line.strip():
                try:
                    values.append(json.loads(line, parse_float=_strict_float,
                                             parse_constant=_reject_constant))
                except (ValueError, NinjaError) as exc:
                    raise NinjaError(f'{path}: line {no}: {exc}') from None
    return values


def _rows(path, values, dt):
    arrays = []
    for no, v in enumerate(values, 1):
        try:
            arrays.append(from_text(v, dt))
        except NinjaError as exc:
            raise NinjaError(f'{path}: entry {no}: {exc}') from None
    return arrays


def _stack(path, rows, dt):
    if not rows:
        return np.empty(0, dt)
    if len({r.shape for r in rows}) > 1:
        raise NinjaError(f'{path}: rows have different shapes')
    return np.stack(rows)


def _cli_write(kind, path, jsonl, dtype, order, append):
    values = _read_jsonl(jsonl)
    if kind == 'strings':
        if not all(isinstance(v, str) for v in values):
            raise NinjaError(f'{jsonl}: every line must be a JSON string')
        return (extend_strings if append else write_strings)(path, values)
    if dtype is None and append:
        dtype = (_read_dense(path)[0].dtype if kind == 'numpy' else _read_ragged(path)['dtype']).name
    if dtype is None:
        raise NinjaError(f'write {kind}: --dtype is required')
    dt = _known(dtype, '--dtype')
    rows = _rows(jsonl, values, dt)
    if kind == 'numpy':
        arr = _stack(jsonl, rows, dt)
        if append:
            return append_numpy(path, arr)
        # --order lays the array out; order.ninja then follows numpy's isfortran rule, as mmap_ninja's
        # from_ndarray does: an array that is both C- and F-contiguous (e.g. shape (3, 1)) is 'C'.
        laid_out = np.asfortranarray(arr) if order == 'F' else np.ascontiguousarray(arr)
        return write_numpy(path, laid_out)
    return extend_ragged(path, rows) if append else write_ragged(path, rows, dt)


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise NinjaError(f'usage: {message}')


def main(argv=None):
    ap = _Parser(prog='ninja_ref.py', description='ninjastore reference reader/writer')
    sub = ap.add_subparsers(dest='cmd', required=True)
    sub.add_parser('info').add_argument('path')
    c = sub.add_parser('cat')
    c.add_argument('path')
    c.add_argument('--start', type=int, default=0)
    c.add_argument('--limit', type=int, default=None)
    for name in ('write', 'append'):
        w = sub.add_parser(name)
        w.add_argument('kind', choices=('numpy', 'ragged', 'strings'))
        w.add_argument('path')
        w.add_argument('jsonl')
        w.add_argument('--dtype')
        if name == 'write':
            w.add_argument('--order', choices=('C', 'F'))
    try:
        a = ap.parse_args(argv)
        out = sys.stdout.buffer
        if a.cmd == 'info':
            out.write((info(a.path) + '\n').encode('utf-8'))
        elif a.cmd == 'cat':
            if a.start < 0 or (a.limit is not None and a.limit < 0):
                raise NinjaError('--start and --limit must be >= 0')
            for line in cat(a.path, a.start, a.limit):
                out.write((line + '\n').encode('utf-8'))
        else:
            _cli_write(a.kind, a.path, a.jsonl, a.dtype, getattr(a, 'order', None), a.cmd == 'append')
        out.flush()
    except BrokenPipeError:  # e.g. `cat ... | head`: not an error of the store
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (NinjaError, OSError, ValueError) as exc:
        sys.stderr.write(f'ninja_ref: {exc}\n')
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
