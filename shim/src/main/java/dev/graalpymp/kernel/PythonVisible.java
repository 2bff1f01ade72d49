package dev.graalpymp.kernel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the members of a Java object that Python code may call.
 *
 * <p>The host grants Python access to exactly the members carrying this annotation (and nothing else of the
 * host's classes), so the kernel stays plain Java, free of any GraalPy dependency, while its surface towards
 * Python is explicit and reviewable.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface PythonVisible {
}
