package io.zonecam.control.problem;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.CONSTRUCTOR;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Text is a free-text string of the API (a name, a region, a host): between {@link #min} and {@link #max}
 * <em>characters</em> (Unicode code points, as the spec's {@code minLength}/{@code maxLength} count them, not the
 * UTF-16 units of {@code @Size}), without control characters (NUL, which PostgreSQL cannot store, newlines, escape
 * codes) or unpaired surrogates (which UTF-8 cannot encode). Null is valid: combine with {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = TextValidator.class)
@Target({METHOD, FIELD, ANNOTATION_TYPE, CONSTRUCTOR, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface Text {

    int min() default 0;

    int max();

    String message() default "must be text of the allowed length";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
