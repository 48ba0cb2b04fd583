package io.zonecam.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * NeedsFfmpeg runs a test class or method only where the system ffmpeg and ffprobe are installed
 * ({@link Ffmpeg#available()}); elsewhere it is skipped, not failed.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@EnabledIf("io.zonecam.testing.Ffmpeg#available")
public @interface NeedsFfmpeg {}
