/** Snapshots: the picture of a camera at an instant, decoded and encoded in one call. */
package io.zonecam.pictures.snapshot;
