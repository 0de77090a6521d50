package io.readerpulse.web;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of a keyset-paginated list.
 *
 * @param items the items of this page
 * @param nextCursor the opaque cursor for the next page, {@code null} on the last page
 * @param <T> the item type
 */
public record Page<T>(List<T> items, @Nullable String nextCursor) {
}
