#!/usr/bin/env python3
"""Tests for ninja_ref.py. Run from the repository root:
    python3 -m unittest discover -s spec/reference      or      python3 spec/reference/test_ninja_ref.py
The mmap_ninja fixtures are read from $NINJA_FIXTURES (default /work/shared/fixtures/mmap_ninja-0.8.2);
those tests are skipped when the directory does not exist."""
import contextlib
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import types
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ninja_ref as nr  # noqa: E402

SCRIPT = os.path.join(HERE, 'ninja_ref.py')
VECTORS = os.path.join(HERE, '..', 'vectors')
FIXTURES = os.environ.get('NINJA_FIXTURES', '/work/shared/fixtures/mmap_ninja-0.8.2')
HAVE_FIXTURES = os.path.isfile(os.path.join(FIXTURES, 'expected.json'))


def tree(d):
    """{relative path: bytes} of every file under d."""
    out = {}
    for root, _, files in os.walk(d):
        for f in files:
            full = os.path.join(root, f)
            with open(full, 'rb') as fh:
                out[os.path.relpath(full, d)] = fh.read()
    return out


def run_sub(*args):
    """The CLI in a subprocess with a C locale (stdout must still be UTF-8)."""
    env = dict(os.environ, LC_ALL='C', LANG='C')
    env.pop('PYTHONIOENCODING', None)
    return subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, env=env)


def run(*args):
    """The CLI in-process (fast); same result fields as run_sub."""
    out, err = io.BytesIO(), io.StringIO()
    with contextlib.redirect_stdout(types.SimpleNamespace(buffer=out)), \
            contextlib.redirect_stderr(err):  # main() writes bytes to sys.stdout.buffer
        rc = nr.main(list(args))
    return subprocess.CompletedProcess(args, rc, out.getvalue(), err.getvalue().encode('utf-8'))


def text(a):
    return nr.to_text(a)


class Base(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='ninja_ref_test_')
        self.addCleanup(shutil.rmtree, self.tmp)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def assertSameTree(self, a, b):
        ta, tb = tree(a), tree(b)
        self.assertEqual(sorted(ta), sorted(tb))
        for k in ta:
            self.assertEqual(ta[k], tb[k], k)

    def assertFails(self, fn, *words):
        with self.assertRaises(nr.NinjaError) as cm:
            fn()
        for w in words:
            self.assertIn(w, str(cm.exception))


# --- mmap_ninja 0.8.2 fixtures ---------------------------------------------------------------------

@unittest.skipUnless(HAVE_FIXTURES, f'no fixtures at {FIXTURES}')
class Fixtures(Base):
    @classmethod
    def setUpClass(cls):
        with open(os.path.join(FIXTURES, 'expected.json'), encoding='utf-8') as f:
            cls.expected = json.load(f)

    def samples(self, exp):
        """The samples a fixture was written from, rebuilt from expected.json."""
        if exp['type'] == 'numpy':
            return nr.from_text(exp['values'], exp['dtype'])
        if exp['type'] == 'string':
            return exp['values']
        return [nr.from_text(s['values'], s['dtype']) for s in exp['samples']]

    def test_reads_equal_expected(self):
        for name, exp in self.expected['stores'].items():
            with self.subTest(name):
                r = nr.read(os.path.join(FIXTURES, name))
                self.assertEqual(r['type'], exp['type'])
                want = self.samples(exp)
                if exp['type'] == 'numpy':
                    self.assertEqual((r['dtype'], r['shape'], r['order']),
                                     (exp['dtype'], exp['shape'], exp['order']))
                    self.assertEqual(text(r['array']), text(want))
                elif exp['type'] == 'string':
                    self.assertEqual(r['values'], want)
                else:
                    self.assertEqual((r['dtype'], r['length']), (exp['dtype'], exp['length']))
                    for got, s, w in zip(r['samples'], exp['samples'], want, strict=True):
                        self.assertEqual((got.dtype.name, list(got.shape)), (s['dtype'], s['shape']))
                        self.assertEqual(text(got), text(w))

    def test_npy_equal_expected(self):
        for name, exp in self.expected['npy'].items():
            with self.subTest(name):
                r = nr.read(os.path.join(FIXTURES, 'npy', name))
                self.assertEqual((r['dtype'], r['shape'], r['order']),
                                 (exp['dtype'], exp['shape'], exp['order']))
                self.assertEqual(text(r['array']), text(nr.from_text(exp['values'], exp['dtype'])))

    def test_writer_reproduces_bytes(self):
        """Writing each fixture's samples (from expected.json) gives identical files, both in one
        shot and as a first half followed by an append of the rest."""
        for name, exp in self.expected['stores'].items():
            want, fixture = self.samples(exp), os.path.join(FIXTURES, name)
            with self.subTest(name, mode='one shot'):
                out = self.path(name)
                if exp['type'] == 'numpy':
                    nr.write_numpy(out, want, exp['order'])
                elif exp['type'] == 'string':
                    nr.write_strings(out, want)
                else:
                    nr.write_ragged(out, want, exp['dtype'])
                self.assertSameTree(out, fixture)
            if exp['type'] == 'numpy' and (exp['order'] == 'F' or not exp['shape']):
                continue
            with self.subTest(name, mode='write + append'):
                out, half = self.path(name + '_appended'), len(want) // 2
                if exp['type'] == 'numpy':
                    nr.write_numpy(out, want[:half])
                    nr.append_numpy(out, want[half:])
                elif exp['type'] == 'string':
                    nr.write_strings(out, want[:half])
                    nr.extend_strings(out, want[half:])
                else:
                    nr.write_ragged(out, want[:half], exp['dtype'])
                    nr.extend_ragged(out, want[half:])
                self.assertSameTree(out, fixture)

    def test_cli_reads_every_fixture(self):
        for name in list(self.expected['stores']) + ['npy/' + n for n in self.expected['npy']]:
            with self.subTest(name):
                r = run('info', os.path.join(FIXTURES, name))
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(run('cat', os.path.join(FIXTURES, name)).returncode, 0)


# --- canonical text ----------------------------------------------------------------------------

class Text(unittest.TestCase):
    def test_float_cases(self):
        cases = [(np.float64, 1.0, '1.0'), (np.float64, -0.0, '-0.0'), (np.float64, 1e-4, '0.0001'),
                 (np.float64, 1.5e-5, '1.5e-05'), (np.float64, 1e16, '1e+16'),
                 (np.float64, 1e15, '1000000000000000.0'), (np.float64, 123.5, '123.5'),
                 (np.float64, 5e-324, '5e-324'), (np.float64, 1.7976931348623157e308,
                                                    '1.7976931348623157e+308'),
                 (np.float32, 3.4028234663852886e38, '3.4028235e+38'), (np.float32, 1e-45, '1e-45'),
                 (np.float32, 0.1, '0.1'), (np.float32, 1 / 3, '0.33333334'),
                 (np.float16, 65504, '65500.0'), (np.float16, 2 ** -24, '6e-08'),
                 (np.float64, np.nan, '"nan"'), (np.float32, np.inf, '"inf"'),
                 (np.float16, -np.inf, '"-inf"')]
        for t, v, want in cases:
            self.assertEqual(nr.fmt_float(t(v)), want, (t, v))

    def test_float_matches_python_repr(self):
        def hint(v):
            return repr(float(np.format_float_positional(v, unique=True)))
        for v in np.arange(1 << 16, dtype=np.uint16).view(np.float16):  # every float16
            if np.isfinite(v):
                self.assertEqual(nr.fmt_float(v), hint(v))
        rng = np.random.default_rng(7)
        f32 = np.concatenate([rng.integers(0, 1 << 32, 20000, dtype=np.uint64).astype(np.uint32),
                              np.arange(2000, dtype=np.uint32), [0x7F7FFFFF, 0x00800000, 0x007FFFFF]])
        for v in f32.astype(np.uint32).view(np.float32):
            if np.isfinite(v):
                t = nr.fmt_float(v)
                self.assertEqual(t, hint(v))
                self.assertEqual(nr.from_text(json.loads(t), 'float32').tobytes(), v.tobytes())
        for v in rng.integers(0, 1 << 63, 20000, dtype=np.uint64).view(np.float64):
            if np.isfinite(v):
                self.assertEqual(nr.fmt_float(v), repr(float(v)))

    def test_values(self):
        self.assertEqual(text(np.array([True, False])), '[true,false]')
        self.assertEqual(text(np.array([2 ** 64 - 1], np.uint64)), '[18446744073709551615]')
        self.assertEqual(text(np.array([-2 ** 63], np.int64)), '[-9223372036854775808]')
        self.assertEqual(text(np.array([complex(1.5, -np.inf)], np.complex64)), '[[1.5,"-inf"]]')
        self.assertEqual(text(np.empty((2, 0))), '[[],[]]')
        self.assertEqual(text(np.empty((0, 3))), '[]')
        self.assertEqual(text(np.float32(0.1)), '0.1')

    def test_from_text_inverse(self):
        for dt, v in (('complex64', [[1.0, 'nan'], [-0.0, 2.5]]), ('uint64', [[18446744073709551615]]),
                      ('bool', [True, False]), ('float16', ['inf', 1e-05]), ('int8', -128)):
            self.assertEqual(text(nr.from_text(v, dt)), json.dumps(v, separators=(',', ':')))
        for dt, v in (('uint8', 256), ('int32', 1.5), ('bool', 1), ('float32', 1e39),
                      ('float32', True), ('int16', [[1], [2, 3]]), ('complex64', 1.0)):
            self.assertRaises(nr.NinjaError, nr.from_text, v, dt)


# --- own writer: round trips, appends, commit rules -----------------------------------------------

def edge_values(dt):
    dt = np.dtype(dt)
    if dt.kind == 'b':
        return np.array([True, False])
    if dt.kind in 'iu':
        ii = np.iinfo(dt)
        return np.array(sorted({ii.min, 0, 1, ii.max}), dt)
    f = np.finfo(dt)
    vals = np.array([np.nan, np.inf, -np.inf, -0.0, f.smallest_subnormal, f.smallest_normal, f.max,
                     -f.max, 0.1], dtype=f.dtype)
    if dt.kind == 'c':
        c = np.empty(len(vals), dt)
        c.real, c.imag = vals, vals[::-1]
        return c
    return vals


class RoundTrip(Base):
    def test_every_dtype_api_and_cli(self):
        for name in nr.DTYPES:
            with self.subTest(name):
                a = edge_values(name).reshape(-1, 1)
                p = self.path(name)
                nr.write_numpy(p, a)
                lines = list(nr.cat(p))
                self.assertEqual(lines, [text(r) for r in a])
                jl = self.path(name + '.jsonl')
                with open(jl, 'w', encoding='utf-8') as f:
                    f.write('\n'.join(lines) + '\n')
                r = run('write', 'numpy', self.path(name + '_cli'), jl, '--dtype', name)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertSameTree(self.path(name + '_cli'), p)
                r = run('write', 'ragged', self.path(name + '_rcli'), jl, '--dtype', name)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(run('cat', self.path(name + '_rcli')).stdout.decode().splitlines(),
                                 lines)

    def test_dense_layouts(self):
        a = np.arange(24, dtype=np.int32).reshape(2, 3, 4)
        nr.write_numpy(self.path('f'), np.asfortranarray(a))
        r = nr.read(self.path('f'))
        self.assertEqual(r['order'], 'F')
        self.assertEqual(text(r['array']), text(a))
        with open(self.path('f/data.ninja'), 'rb') as f:
            self.assertEqual(f.read(), a.tobytes(order='F'))
        nr.write_numpy(self.path('z'), np.array(7, np.int8))
        self.assertEqual(tree(self.path('z'))['shape.ninja'], b'')
        self.assertEqual(nr.info(self.path('z')),
                         '{"type":"numpy","length":1,"dtype":"int8","shape":[],"order":"C"}')
        self.assertEqual(list(nr.cat(self.path('z'))), ['7'])

    def test_dense_append_and_refusals(self):
        p = self.path('d')
        nr.write_numpy(p, np.empty((0, 3), np.float32))
        self.assertEqual(tree(p)['data.ninja'], b'\0')  # never empty (FORMAT F-6)
        nr.append_numpy(p, np.ones((2, 3), np.float32))
        nr.append_numpy(p, np.zeros((1, 3), np.int16))          # safe cast
        nr.append_numpy(p, [[1.5, 2, 3]])                         # plain values convert directly
        self.assertEqual(nr.read(p)['shape'], [4, 3])
        self.assertFails(lambda: nr.append_numpy(p, np.zeros((1, 3), np.float64)), 'float64', 'float32')
        self.assertFails(lambda: nr.append_numpy(p, np.zeros((1, 2), np.float32)), '[2]', '[3]')
        nr.write_numpy(self.path('f'), np.asfortranarray(np.zeros((2, 2))))
        self.assertFails(lambda: nr.append_numpy(self.path('f'), np.zeros((1, 2))), 'order.ninja', 'F')
        # bytes past shape.ninja are uncommitted: ignored on read, overwritten by the next append
        with open(os.path.join(p, 'data.ninja'), 'ab') as f:
            f.write(b'\xff' * 7)
        self.assertEqual(nr.read(p)['shape'], [4, 3])
        nr.append_numpy(p, np.full((1, 3), 2, np.float32))
        ref = self.path('ref')
        nr.write_numpy(ref, np.array([[1] * 3, [1] * 3, [0] * 3, [1.5, 2, 3], [2] * 3], np.float32))
        self.assertSameTree(p, ref)

    def mixed(self):
        f = np.float64
        return [np.array([1.0, 2.0]), f(3.5), np.array([], f), np.arange(6, dtype=f).reshape(2, 3),
                np.empty((0, 3)), np.arange(8, dtype=f).reshape(2, 2, 2), f(-1), np.array([4.0])]

    def test_ragged_extend_equals_one_shot(self):
        s = self.mixed()
        for cut in range(len(s) + 1):
            for n_total in sorted({cut, len(s)}):
                with self.subTest(cut=cut, total=n_total):
                    ref, p = self.path(f'ref{cut}_{n_total}'), self.path(f'ext{cut}_{n_total}')
                    nr.write_ragged(ref, s[:n_total], np.float64)
                    nr.write_ragged(p, s[:cut], np.float64)
                    for x in s[cut:n_total]:   # one sample at a time
                        nr.extend_ragged(p, [x])
                    self.assertSameTree(p, ref)
                    got = nr.read(p)['samples']
                    self.assertEqual([text(x) for x in got], [text(x) for x in s[:n_total]])
                    self.assertEqual([x.shape for x in got], [x.shape for x in s[:n_total]])

    def test_ragged_layout(self):
        p = self.path('r')
        nr.write_ragged(p, [np.float32(1), np.array([], np.float32), np.array([2, 3], np.float32)])
        t = tree(p)
        self.assertEqual(t['shapes_are_flat.ninja'], struct.pack('<i', 1))
        self.assertEqual(t['shapes/data.ninja'], struct.pack('<3q', 0, 0, 2))
        self.assertEqual(t['flattened_shapes/data.ninja'], struct.pack('<3q', 1, 0, 2))
        self.assertEqual(list(nr.cat(p)), ['1.0', '[]', '[2.0,3.0]'])
        self.assertEqual(list(nr.cat(p, 1, 1)), ['[]'])
        self.assertFails(lambda: nr.extend_ragged(p, [np.array([1.0])]), 'float64', 'float32')

    def test_empty_stores(self):
        nr.write_ragged(self.path('r'), [], np.int16)
        t = tree(self.path('r'))
        self.assertEqual(t['data.ninja'], b'\0')  # never empty (FORMAT F-6)
        self.assertEqual(t['shape.ninja'], struct.pack('<Q', 0))
        self.assertEqual(t['shapes/shape.ninja'], struct.pack('<2Q', 0, 1))
        self.assertEqual(t['shapes_are_flat.ninja'], struct.pack('<i', 1))
        self.assertEqual(nr.info(self.path('r')), '{"type":"ragged","length":0,"dtype":"int16"}')
        nr.extend_ragged(self.path('r'), [np.array([[1, 2]], np.int16)])
        nr.write_ragged(self.path('r1'), [np.array([[1, 2]], np.int16)])
        self.assertSameTree(self.path('r'), self.path('r1'))
        nr.write_strings(self.path('s'), [])
        self.assertEqual(sorted(tree(self.path('s'))), sorted(
            ['data.ninja', 'type.ninja'] + [f'{d}/{f}.ninja' for d in ('starts', 'ends')
                                            for f in ('data', 'dtype', 'shape', 'order', 'type')]))
        self.assertEqual(nr.info(self.path('s')), '{"type":"string","length":0}')

    def test_empty_directory_as_strings(self):
        p = self.path('e')
        os.makedirs(p)
        self.assertEqual(nr.read_strings(p)['values'], [])
        self.assertEqual(nr.info(p), '{"type":"string","length":0}')  # also found by its kind (F-24)
        self.assertEqual(list(nr.cat(p)), [])
        other = self.path('other')
        os.makedirs(other)
        open(os.path.join(other, 'x.npy'), 'wb').close()
        self.assertEqual(nr.read_strings(other)['values'], [])  # opened as strings, whatever else it holds
        self.assertFails(lambda: nr.read(other), 'type.ninja')  # found by its kind: no store
        nr.extend_strings(p, ['a', 'bc'])
        nr.write_strings(self.path('ref'), ['a', 'bc'])
        self.assertSameTree(p, self.path('ref'))
        # A crash while a writer filled in such a directory: index stores, an empty data.ninja, no type.ninja
        half = self.path('half')
        nr.write_strings(half, [])
        os.remove(os.path.join(half, 'type.ninja'))
        self.assertEqual(nr.read_strings(half)['values'], [])
        self.assertEqual(nr.read(half)['values'], [])
        nr.extend_strings(half, ['a', 'bc'])
        self.assertSameTree(half, self.path('ref'))

    def test_strings_roundtrip_and_tail(self):
        vals = ['', 'é', '\x00', '🎉', '\x01"\\\n\x7f\u2028']
        p = self.path('s')
        nr.write_strings(p, vals[:2])
        nr.extend_strings(p, vals[2:])
        self.assertEqual(nr.read(p)['values'], vals)
        self.assertEqual(list(nr.cat(p))[-1], '"\\u0001\\"\\\\\\n\x7f\u2028"')
        # an uncommitted tail (data + ends/ + starts/data.ninja) is ignored and then overwritten
        with open(os.path.join(p, 'data.ninja'), 'ab') as f:
            f.write(b'\xff\xfe')
        for d in ('starts', 'ends'):
            with open(os.path.join(p, d, 'data.ninja'), 'ab') as f:
                f.write(struct.pack('<q', 99))
        nr.extend_strings(p, ['end'])
        nr.write_strings(self.path('ref'), vals + ['end'])
        self.assertSameTree(p, self.path('ref'))
        self.assertFails(lambda: nr.write_strings(self.path('bad'), ['\ud800']), 'string 0')

    def test_ragged_uncommitted_tail(self):
        s = self.mixed()
        p = self.path('r')
        nr.write_ragged(p, s[:5])
        nr.extend_ragged(p, s[5:6])   # the nested shapes get a 6th sample ...
        with open(os.path.join(p, 'starts', 'shape.ninja'), 'wb') as f:
            f.write(struct.pack('<Q', 5))   # ... but the commit never happened
        for junk in ('ninjastore.lock', 'ninjastore.crc32c', 'x.tmp', 'starts/shape.ninja.tmp'):
            with open(os.path.join(p, junk), 'wb') as f:
                f.write(b'junk')
        self.assertEqual(nr.read(p)['length'], 5)
        nr.extend_ragged(p, s[6:])
        for junk in ('ninjastore.lock', 'ninjastore.crc32c', 'x.tmp'):  # the stale .tmp was reused
            os.remove(os.path.join(p, junk))
        nr.write_ragged(self.path('ref'), s[:5] + s[6:])
        self.assertSameTree(p, self.path('ref'))

    def test_conversion_crash_windows(self):
        s = [np.array([1, 2], np.int32), np.array([[3]], np.int32)]
        for window in ('renamed_out', 'before_flag'):
            with self.subTest(window):
                p = self.path(window)
                nr.write_ragged(p, s[:1])
                nr.write_ragged(self.path(window + '_nested'), s[:1] + s[1:])
                if window == 'renamed_out':   # old shapes/ moved aside, new one not yet in place
                    os.rename(os.path.join(p, 'shapes'), os.path.join(p, 'shapes.tmp-flat'))
                else:                         # nested shapes/ in place, flag still 1
                    shutil.rmtree(os.path.join(p, 'shapes'))
                    shutil.copytree(os.path.join(self.path(window + '_nested'), 'shapes'),
                                    os.path.join(p, 'shapes'))
                self.assertEqual([text(x) for x in nr.read(p)['samples']], ['[1,2]'])
                nr.extend_ragged(p, s[1:])
                self.assertSameTree(p, self.path(window + '_nested'))

    def test_validation_errors(self):
        def fresh():
            p = self.path('v')
            shutil.rmtree(p, ignore_errors=True)
            nr.write_ragged(p, [np.array([1, 2], np.int32), np.array([3], np.int32)])
            return p

        def put(p, rel, data):
            with open(os.path.join(p, rel), 'wb') as f:
                f.write(data)
        p = fresh()
        put(p, 'data.ninja', b'\0' * 8)
        self.assertFails(lambda: nr.read(p), 'data.ninja', '8 bytes')
        p = fresh()
        put(p, 'dtype.ninja', b'float128')
        self.assertFails(lambda: nr.read(p), 'dtype.ninja', 'float128')
        p = fresh()
        put(p, 'starts/data.ninja', struct.pack('<2q', 1, 0))
        put(p, 'ends/data.ninja', struct.pack('<2q', 3, 1))
        self.assertFails(lambda: nr.read(p), 'decrease')
        p = fresh()
        put(p, 'flattened_shapes/data.ninja', struct.pack('<2q', 2, 2))
        self.assertFails(lambda: nr.read(p), 'flattened_shapes', 'sample 1')
        p = fresh()
        put(p, 'shapes/data.ninja', struct.pack('<2q', 3, 1))
        self.assertFails(lambda: nr.read(p), 'shapes', 'sample 0')
        p = fresh()
        put(p, 'ends/shape.ninja', struct.pack('<Q', 1))
        self.assertFails(lambda: nr.read(p), 'ends', 'shape.ninja')
        p = fresh()
        put(p, 'shape.ninja', struct.pack('<Q', 2))
        self.assertFails(lambda: nr.read(p), 'sample 1', 'outside')
        p = fresh()
        put(p, 'shape.ninja', b'\0' * 5)
        self.assertFails(lambda: nr.read(p), 'shape.ninja', 'multiple of 8')
        p = fresh()
        put(p, 'order.ninja', b'X')
        self.assertFails(lambda: nr.read(p), 'order.ninja')

    def test_offline(self):
        p = self.path('o')
        arrays = [np.zeros((2, 3), np.float32), np.ones((4, 3), np.float32), np.zeros((1, 3), np.float32)]
        nr.write_offline(p, arrays, ['a/x', 'a/y', 'b'], [{'k': 1}, None, {'é': [1, 2]}])
        self.assertEqual(nr.info(p), '{"type":"offline","length":3,"dtype":"float32","shape":[3,[1,4],3]}')
        r = nr.read(p)
        self.assertEqual(r['names'], ['a/x', 'a/y', 'b'])
        self.assertEqual(r['metadata'], [{'k': 1}, {}, {'é': [1, 2]}])
        self.assertEqual(list(nr.cat(p, 2)), ['[[0.0,0.0,0.0]]'])
        with open(os.path.join(p, 'manifest.json'), 'rb') as f:
            self.assertEqual(f.read(), b'{"type":"offline","version":1,"length":3}')
        with open(os.path.join(p, 'manifest.json'), 'wb') as f:   # the manifest is the commit point
            f.write(b'{"type":"offline","version":1,"length":2}')
        self.assertEqual(nr.info(p), '{"type":"offline","length":2,"dtype":"float32","shape":[2,[2,4],3]}')
        self.assertFails(lambda: nr.write_offline(self.path('bad'), arrays[:1], ['/abs']), 'relative')
        self.assertFails(lambda: nr.write_offline(self.path('bad'), [np.zeros(2), np.zeros((1, 1))],
                                                  ['a', 'b']), 'ndim')
        self.assertFails(lambda: nr.write_offline(self.path('dup'), arrays[:2], ['a', 'a']), 'already taken')
        self.assertFails(lambda: nr.write_offline(self.path('lone'), arrays[:1], ['x\ud800']), 'surrogate')
        self.assertFalse(os.path.exists(self.path('dup')) or os.path.exists(self.path('lone')))
        nr.write_offline(self.path('e'), [], [], [], dtype=np.int8)
        self.assertEqual(nr.info(self.path('e')), '{"type":"offline","length":0,"dtype":"int8","shape":[0]}')


class Cli(Base):
    def test_errors_exit_1(self):
        for args in (('info', self.path('missing')), ('cat', self.path('missing')), ('frobnicate',),
                     ('write', 'numpy', self.path('x'), self.path('missing.jsonl'))):
            r = run_sub(*args)
            self.assertEqual(r.returncode, 1, args)
            self.assertTrue(r.stderr.startswith(b'ninja_ref: '), r.stderr)
            self.assertEqual(r.stderr.count(b'\n'), 1, r.stderr)
            self.assertEqual(r.stdout, b'')

    def test_write_append_cli(self):
        jl = self.path('in.jsonl')
        with open(jl, 'w', encoding='utf-8') as f:
            f.write('[1,2]\n5\n[]\n[[1],[2]]\n')
        self.assertEqual(run_sub('write', 'ragged', self.path('r'), jl, '--dtype', 'int16').returncode, 0)
        self.assertEqual(run_sub('append', 'ragged', self.path('r'), jl).returncode, 0)
        self.assertEqual(run_sub('cat', self.path('r'), '--start', '3', '--limit', '3').stdout,
                         b'[[1],[2]]\n[1,2]\n5\n')
        with open(jl, 'w', encoding='utf-8') as f:
            f.write('"a\\u0000"\n"\U0001F600"\n')
        self.assertEqual(run_sub('write', 'strings', self.path('s'), jl).returncode, 0)
        self.assertEqual(run_sub('append', 'strings', self.path('s'), jl).returncode, 0)
        self.assertEqual(run_sub('cat', self.path('s')).stdout,
                         ('"a\\u0000"\n"\U0001F600"\n' * 2).encode('utf-8'))
        with open(jl, 'w', encoding='utf-8') as f:
            f.write('[1.5,"nan"]\n[2,"-inf"]\n')
        self.assertEqual(run_sub('write', 'numpy', self.path('f'), jl, '--dtype', 'float32',
                             '--order', 'F').returncode, 0)
        self.assertEqual(nr.read(self.path('f'))['order'], 'F')
        r = run_sub('append', 'numpy', self.path('f'), jl)
        self.assertEqual(r.returncode, 1)
        self.assertIn(b'order.ninja', r.stderr)
        with open(jl, 'w', encoding='utf-8') as f:
            f.write('NaN\n')
        self.assertEqual(run_sub('write', 'numpy', self.path('g'), jl, '--dtype', 'float32').returncode, 1)


@unittest.skipUnless(os.path.isdir(VECTORS), 'no spec/vectors')
class Vectors(Base):
    def test_cli_matches_vectors(self):
        names = sorted(f[:-5] for f in os.listdir(VECTORS) if f.endswith('.json'))
        self.assertTrue(names)
        for name in names:
            with self.subTest(name):
                with open(os.path.join(VECTORS, name + '.json'), encoding='utf-8') as f:
                    doc = json.load(f)
                p = os.path.join(VECTORS, name)
                self.assertEqual(run('info', p).stdout.decode('utf-8'), doc['info_line'] + '\n')
                self.assertEqual(run('cat', p).stdout.decode('utf-8'),
                                 ''.join(line + '\n' for line in doc['cat_lines']))

    def test_generator_is_deterministic(self):
        sys.path.insert(0, VECTORS)
        import generate
        generate.generate(self.tmp)
        for name in os.listdir(self.tmp):
            if name != 'generate.py':
                full = os.path.join(self.tmp, name)
                if os.path.isdir(full):
                    self.assertSameTree(full, os.path.join(VECTORS, name))
                else:
                    with open(full, 'rb') as a, open(os.path.join(VECTORS, name), 'rb') as b:
                        self.assertEqual(a.read(), b.read(), name)


if __name__ == '__main__':
    unittest.main()
