package io.readerpulse.view;

/**
 * A referring host in one UTC hour, as pending views count it.
 *
 * @param hour hours since the epoch
 * @param host the host
 */
record HostHour(long hour, String host) {
}
