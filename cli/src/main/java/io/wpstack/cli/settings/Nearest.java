package io.wpstack.cli.settings;

import java.util.Collection;
import java.util.Optional;

/** The candidate nearest to a mistyped word, for "did you mean ...?" hints. */
public final class Nearest {
    private Nearest() {}

    /**
     * The candidate at the smallest edit distance from {@code word} (a swap of two neighbouring letters
     * counts as one edit), if that distance is at most a third of the word's length.
     */
    public static Optional<String> to(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(word, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= word.length() / 3.0 ? Optional.of(best) : Optional.empty();
    }

    /** " (did you mean X?)" or "". */
    public static String hint(String word, Collection<String> candidates, String prefix) {
        return to(word, candidates)
                .map(n -> " (did you mean " + prefix + n + "?)")
                .orElse("");
    }

    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
