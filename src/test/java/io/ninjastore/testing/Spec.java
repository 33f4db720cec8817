package io.ninjastore.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The clauses of {@code spec/FORMAT.md} / {@code spec/COMMIT.md} a test checks, e.g.
 * {@code @Spec({"F-6", "C-4"})}. The spec coverage test fails for a clause no test names and for a
 * named clause the spec does not have.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Spec {
    String[] value();
}
