package io.zonecam.iac.config;

/** Cidr is a parsed IPv4 CIDR block, enough to check that two VPC ranges do not overlap. */
public record Cidr(String text, long first, long last, int prefix) {

    /** Parses "a.b.c.d/n"; throws IllegalArgumentException with the reason otherwise. */
    public static Cidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("CIDR is missing");
        }
        String[] parts = text.split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 CIDR like 10.16.0.0/16");
        }
        String[] octets = parts[0].split("\\.", -1);
        if (octets.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 CIDR like 10.16.0.0/16");
        }
        long address = 0;
        try {
            for (String octet : octets) {
                int value = Integer.parseInt(octet);
                if (value < 0 || value > 255) {
                    throw new IllegalArgumentException("'" + text + "' has an octet out of 0..255");
                }
                address = (address << 8) | value;
            }
            int prefix = Integer.parseInt(parts[1]);
            if (prefix < 0 || prefix > 32) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length out of 0..32");
            }
            long size = 1L << (32 - prefix);
            if (address % size != 0) {
                throw new IllegalArgumentException("'" + text + "' has host bits set (the network address is "
                        + format(address - address % size) + "/" + prefix + ")");
            }
            return new Cidr(text, address, address + size - 1, prefix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 CIDR like 10.16.0.0/16", e);
        }
    }

    /** True when the two blocks share at least one address. */
    public boolean overlaps(Cidr other) {
        return first <= other.last && other.first <= last;
    }

    private static String format(long address) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "."
                + (address & 255);
    }
}
