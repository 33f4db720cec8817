package io.ninjastore.array;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The text syntax of {@link Index#parse}: Python's subscript syntax for integers, slices, {@code ...},
 * lists and the newaxis ({@code None}, or numpy's name for it, {@code np.newaxis}).
 */
final class IndexParser {
    /** How Python code spells the newaxis, also a slice's absent bound: {@code None} is what {@code np.newaxis} is. */
    private static final Set<String> NEW_AXIS = Set.of("None", "np.newaxis", "numpy.newaxis", "newaxis");
    private static final Pattern DIGITS = Pattern.compile("[+-]?[0-9]+");

    private IndexParser() {}

    static Index[] parse(String text) {
        if (text == null) throw new IllegalArgumentException("index expression is null");
        List<Index> out = new ArrayList<>();
        for (String item : splitTopLevel(text)) {
            out.add(parseItem(text, item.strip()));
        }
        return out.toArray(Index[]::new);
    }

    private static List<String> splitTopLevel(String text) {
        List<String> items = new ArrayList<>();
        int depth = 0, from = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') depth++;
            else if (c == ']') depth--;
            else if (c == ',' && depth == 0) {
                items.add(text.substring(from, i));
                from = i + 1;
            }
        }
        if (depth != 0) throw bad(text, text, "unbalanced brackets");
        String last = text.substring(from);
        // "" is no index at all, and "0," is Python's one-item tuple: a single trailing comma is allowed
        if (!last.isBlank() || items.isEmpty() && !text.isBlank()) items.add(last);
        return items;
    }

    private static Index parseItem(String text, String item) {
        if (item.isEmpty()) throw bad(text, item, "empty item");
        if (item.equals("...")) return Index.ellipsis();
        if (NEW_AXIS.contains(item)) return Index.newAxis();
        if (item.startsWith("[")) {
            if (!item.endsWith("]")) throw bad(text, item, "a list must end with ']'");
            String body = item.substring(1, item.length() - 1).strip();
            if (body.isEmpty()) return Index.of();
            String[] parts = body.split(",");
            long[] positions = new long[parts.length];
            for (int i = 0; i < parts.length; i++) positions[i] = parseLong(text, parts[i].strip());
            return Index.of(positions);
        }
        if (item.indexOf(':') >= 0) {
            String[] parts = item.split(":", -1);
            if (parts.length > 3) throw bad(text, item, "a slice has at most two ':'");
            Long start = optLong(text, parts[0]);
            Long stop = parts.length > 1 ? optLong(text, parts[1]) : null;
            Long step = parts.length > 2 ? optLong(text, parts[2]) : null;
            if (step != null && step == 0) throw bad(text, item, "slice step cannot be zero");
            return Index.range(start, stop, step == null ? 1 : step);
        }
        try {
            return Index.at(Long.parseLong(item));
        } catch (NumberFormatException e) {
            // digits beyond a long's range are an integer too big, not some other item misspelt
            throw bad(text, item, DIGITS.matcher(item).matches() ? "expected an integer"
                    : "expected an integer, a slice, a list, ..., None or np.newaxis");
        }
    }

    /** A slice bound: absent, or {@code None} as Python writes the default ({@code None:2} is {@code :2}), or an integer. */
    private static Long optLong(String text, String s) {
        s = s.strip();
        return s.isEmpty() || NEW_AXIS.contains(s) ? null : parseLong(text, s);
    }

    private static long parseLong(String text, String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw bad(text, s, "expected an integer");
        }
    }

    private static IllegalArgumentException bad(String text, String item, String why) {
        return new IllegalArgumentException("cannot parse index expression \"" + abbreviate(text) + "\" at '" + abbreviate(item) + "': " + why);
    }

    /** Long text cut in a message: an expression of 10,000 brackets would otherwise be quoted twice in full. */
    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 60) + "... (" + s.length() + " characters)";
    }
}
