package org.dtaas.workspace.workspaces.local.limits;

/**
 * The limits each user gets: memory of all their programs together (bytes), tasks (processes and
 * threads), and a CPU weight relative to other users (100 = an equal share).
 */
public record UserLimits(long memoryBytes, int processes, int cpuWeight) {

    /** "4G", "512M", "1073741824" as bytes. */
    public static long bytes(String size) {
        String s = size.strip().toUpperCase(java.util.Locale.ROOT);
        long unit = switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            case 'T' -> 1L << 40;
            default -> 1L;
        };
        String number = unit == 1L ? s : s.substring(0, s.length() - 1);
        try {
            long value = Long.parseLong(number.strip());
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return value * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: '" + size + "' (e.g. 4G, 512M)");
        }
    }
}
