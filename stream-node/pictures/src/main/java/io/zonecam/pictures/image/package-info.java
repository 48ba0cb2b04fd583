/** Scaling (libswscale) and encoding (JPEG with libavcodec's mjpeg, WebP with libwebp) of decoded pictures. */
package io.zonecam.pictures.image;
