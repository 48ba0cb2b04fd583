package io.zonecam.recording.store;

import java.util.List;

/**
 * ObjectPage is one page of a listing: objects in key order and whether more follow.
 *
 * @param objects   the objects, ascending by key
 * @param truncated true when a later call with {@code startAfter} = the last key returns more
 */
public record ObjectPage(List<ObjectInfo> objects, boolean truncated) {

    public ObjectPage {
        objects = List.copyOf(objects);
    }

    /** The key to pass as {@code startAfter} for the next page, or null when the page is empty. */
    public String lastKey() {
        return objects.isEmpty() ? null : objects.get(objects.size() - 1).key();
    }
}
