package io.ninjastore.stream;

import io.ninjastore.array.NdArray;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The implementations behind {@link Collate}'s factories. */
final class Collators {
    private Collators() {}

    static List<NdArray> arrays(List<? extends NdArray> batch) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) == null) throw new IllegalArgumentException("batch element " + i + " is null, expected an NdArray");
        }
        return Collections.unmodifiableList(batch);
    }

    /** Records into columns (see {@link Collate#columns(Collate)}). */
    static Map<String, Object> columns(List<? extends Map<String, ?>> batch, Collate<NdArray, NdArray> arrays) {
        Map<String, ?> first = batch.getFirst();
        for (int i = 1; i < batch.size(); i++) {
            Map<String, ?> r = batch.get(i);
            if (!r.keySet().equals(first.keySet())) {
                throw new IllegalArgumentException("cannot batch records with different keys: record 0 has " + first.keySet()
                        + ", record " + i + " has " + r.keySet());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : first.keySet()) {
            List<Object> column = new ArrayList<>(batch.size());
            for (Map<String, ?> r : batch) column.add(r.get(key));
            out.put(key, column(key, column, arrays));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object column(String key, List<Object> values, Collate<NdArray, NdArray> arrays) {
        boolean allArrays = true, allIntegers = true, allNumbers = true, allBooleans = true;
        for (Object v : values) {
            allArrays &= v instanceof NdArray;
            allIntegers &= v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
            allNumbers &= v instanceof Number;
            allBooleans &= v instanceof Boolean;
        }
        if (allArrays) {
            List<NdArray> col = new ArrayList<>(values.size());
            for (Object v : values) col.add((NdArray) v);
            try {
                return arrays.collate(col);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("column '" + key + "': " + e.getMessage(), e);
            }
        }
        if (allIntegers) {
            long[] a = new long[values.size()];
            for (int i = 0; i < a.length; i++) a[i] = ((Number) values.get(i)).longValue();
            return NdArray.of(a);
        }
        if (allNumbers) {
            double[] a = new double[values.size()];
            for (int i = 0; i < a.length; i++) a[i] = ((Number) values.get(i)).doubleValue();
            return NdArray.of(a);
        }
        if (allBooleans) {
            boolean[] a = new boolean[values.size()];
            for (int i = 0; i < a.length; i++) a[i] = (Boolean) values.get(i);
            return NdArray.of(a);
        }
        return Collections.unmodifiableList(values);
    }

    /**
     * The collator behind {@link Dataset#batch(int)}, {@code padBatch} and {@code cropBatch}: arrays
     * by {@code arrays}, records by {@code columns(arrays)}; any other element is an error naming its class.
     */
    static Collate<Object, Object> arraysOrRecords(Collate<NdArray, NdArray> arrays, String op) {
        return batch -> {
            Object first = batch.getFirst();
            if (first instanceof NdArray) {
                List<NdArray> col = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) col.add(requireType(batch.get(i), NdArray.class, i, op));
                return arrays.collate(col);
            }
            if (first instanceof Map<?, ?>) {
                List<Map<String, ?>> recs = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    @SuppressWarnings("unchecked") Map<String, ?> r = requireType(batch.get(i), Map.class, i, op);
                    recs.add(r);
                }
                return columns(recs, arrays);
            }
            throw new IllegalArgumentException(op + " stacks NdArray elements or Map records, but element 0 of the batch is "
                    + (first == null ? "null" : "a " + first.getClass().getName())
                    + "; use batch(size, remainder, collate), e.g. with Collate.list()");
        };
    }

    private static <X> X requireType(Object v, Class<X> type, int i, String op) {
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException(op + ": element " + i + " of a batch of " + type.getSimpleName() + "s is "
                    + (v == null ? "null" : "a " + v.getClass().getName()));
        }
        return type.cast(v);
    }
}
