package io.zonecam.control.problem;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** TextValidator checks {@link Text}: length in code points, no control characters, no unpaired surrogates. */
public class TextValidator implements ConstraintValidator<Text, CharSequence> {

    private int min;
    private int max;

    @Override
    public void initialize(Text text) {
        this.min = text.min();
        this.max = text.max();
    }

    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        String problem = problem(value.toString(), min, max);
        if (problem == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
        return false;
    }

    /** What is wrong with {@code value} as text of {@code min}–{@code max} characters, or null when nothing. */
    public static String problem(String value, int min, int max) {
        int count = 0;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.SURROGATE) {
                return "must not contain control characters or unpaired surrogates";
            }
            count++;
            i += Character.charCount(cp);
        }
        if (count < min || count > max) {
            return min == 0
                    ? "must be at most " + max + " characters"
                    : "must be " + min + " to " + max + " characters";
        }
        return null;
    }
}
