/** FFmpeg through the JavaCPP presets: loading, logging and error codes shared by the decoder and the encoders. */
package io.zonecam.pictures.av;
