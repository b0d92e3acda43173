package io.wpstack.cli.docker;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;

/**
 * How the docker CLI shows what the Engine API answers, so that reading the API gives the text the CLI's
 * {@code --format} gave: go-units' HumanSize and HumanDuration, fvbommel/sortorder's natural order (the CLI sorts
 * nodes, services, secrets, configs and tasks by it), its ellipsis, PrettyPrint and short IDs.
 */
public final class DockerFormat {
    private static final String[] DECIMAL_UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

    /** sortorder.NaturalLess as a comparator: "node-2" before "node-10", digits before other bytes. */
    public static final Comparator<String> NATURAL_ORDER = DockerFormat::compareNaturally;

    private DockerFormat() {}

    /** units.HumanSizeWithPrecision(size, 3), as docker image ls shows a Size: "112MB", "98.5MB", "2.53GB". */
    public static String humanSize(long bytes) {
        double size = bytes;
        int unit = 0;
        while (size >= 1000.0 && unit < DECIMAL_UNITS.length - 1) {
            size = size / 1000.0;
            unit++;
        }
        return formatG(size, 3) + DECIMAL_UNITS[unit];
    }

    /**
     * Go's {@code fmt.Sprintf("%.*g", precision, value)} of a non-negative value: PRECISION significant digits
     * (rounded half to even on the exact binary value, as strconv does), trailing zeros dropped, and the
     * exponent form (1e+03) when the exponent is below -4 or at least the digits shown.
     */
    static String formatG(double value, int precision) {
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value)
                .round(new MathContext(precision, RoundingMode.HALF_EVEN))
                .stripTrailingZeros();
        String digits = rounded.unscaledValue().abs().toString();
        int count = digits.length();
        int point = count - rounded.scale();
        int exponent = point - 1;
        int shown = precision > count && count >= point ? count : precision;
        if (exponent < -4 || exponent >= shown) {
            String mantissa = count > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
            return mantissa + (exponent < 0 ? "e-" : "e+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        }
        return rounded.toPlainString();
    }

    /** units.HumanDuration: "Less than a second", "1 second", "About a minute", "3 hours", "2 weeks"... */
    public static String humanDuration(Duration duration) {
        double seconds = duration.getSeconds() + duration.getNano() / 1e9;
        if ((long) seconds < 1) {
            return "Less than a second";
        } else if ((long) seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return (long) seconds + " seconds";
        }
        long minutes = (long) (seconds / 60);
        if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        }
        double exactHours = seconds / 3600;
        long hours = (long) (exactHours + 0.5);
        if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return (long) exactHours / 24 / 365 + " years";
    }

    /** formatter.PrettyPrint of a state: "running" is "Running". */
    public static String prettyPrint(String text) {
        return switch (text.length()) {
            case 0 -> text;
            case 1 -> text.toLowerCase(Locale.ROOT);
            default ->
                text.substring(0, 1).toUpperCase(Locale.ROOT)
                        + text.substring(1).toLowerCase(Locale.ROOT);
        };
    }

    /** formatter.TruncateID: the first 12 characters of an ID (sha256: dropped), as docker ps -q shows it. */
    public static String truncateId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring("sha256:".length()) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    /**
     * formatter.Ellipsis: TEXT cut to MAX display columns with "…" as the last (East Asian wide characters take
     * two columns).
     */
    public static String ellipsis(String text, int max) {
        int[] points = text.codePoints().toArray();
        if (max <= 0) {
            return "";
        }
        if (max == 1) {
            return points.length == 0 ? "" : new String(points, 0, 1);
        }
        if (text.getBytes(StandardCharsets.UTF_8).length == points.length) {
            return points.length <= max ? text : new String(points, 0, max - 1) + "…";
        }
        int[] display = new int[points.length];
        int width = 0;
        for (int i = 0; i < points.length; i++) {
            width += columns(points[i]);
            display[i] = width;
        }
        if (width <= max) {
            return text;
        }
        for (int i = 0; i + 1 < display.length; i++) {
            if (display[i] <= max - 1 && display[i + 1] > max - 1) {
                return new String(points, 0, i + 1) + "…";
            }
        }
        return text;
    }

    /** 2 for the East Asian Wide and Fullwidth blocks golang.org/x/text/width reports as such, else 1. */
    private static int columns(int point) {
        boolean wide = (point >= 0x1100 && point <= 0x115F)
                || (point >= 0x2E80 && point <= 0xA4CF && point != 0x303F)
                || (point >= 0xAC00 && point <= 0xD7A3)
                || (point >= 0xF900 && point <= 0xFAFF)
                || (point >= 0xFE30 && point <= 0xFE4F)
                || (point >= 0xFF00 && point <= 0xFF60)
                || (point >= 0xFFE0 && point <= 0xFFE6)
                || (point >= 0x1F300 && point <= 0x1F64F)
                || (point >= 0x20000 && point <= 0x3FFFD);
        return wide ? 2 : 1;
    }

    private static int compareNaturally(String a, String b) {
        byte[] left = a.getBytes(StandardCharsets.UTF_8);
        byte[] right = b.getBytes(StandardCharsets.UTF_8);
        if (naturalLess(left, right)) {
            return -1;
        }
        return naturalLess(right, left) ? 1 : 0;
    }

    /** sortorder.NaturalLess, byte for byte. */
    private static boolean naturalLess(byte[] a, byte[] b) {
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            boolean digitA = isDigit(a[i]);
            boolean digitB = isDigit(b[j]);
            if (digitA != digitB) {
                return digitA;
            }
            if (!digitA) {
                if (a[i] != b[j]) {
                    return (a[i] & 0xff) < (b[j] & 0xff);
                }
                i++;
                j++;
                continue;
            }
            while (i < a.length && a[i] == '0') {
                i++;
            }
            while (j < b.length && b[j] == '0') {
                j++;
            }
            int startA = i;
            int startB = j;
            while (i < a.length && isDigit(a[i])) {
                i++;
            }
            while (j < b.length && isDigit(b[j])) {
                j++;
            }
            int lengthA = i - startA;
            int lengthB = j - startB;
            if (lengthA != lengthB) {
                return lengthA < lengthB;
            }
            for (int k = 0; k < lengthA; k++) {
                if (a[startA + k] != b[startB + k]) {
                    return a[startA + k] < b[startB + k];
                }
            }
            if (startA != startB) {
                return startA < startB;
            }
        }
        return a.length < b.length;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
