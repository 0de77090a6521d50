package io.readerpulse.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A moment between the years 1 and 9999: what a timestamp column stores and what ISO-8601 writes without
 * an expanded year, so that such a value is a 400 naming the field instead of a failed statement.
 */
@Documented
@Constraint(validatedBy = StorableInstant.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface StorableInstant {

	/** The earliest moment accepted. */
	Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

	/** The latest moment accepted. */
	Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

	/**
	 * The message.
	 * @return the message
	 */
	String message() default "must be between the years 1 and 9999";

	/**
	 * The groups.
	 * @return the groups
	 */
	Class<?>[] groups() default {};

	/**
	 * The payload.
	 * @return the payload
	 */
	Class<? extends Payload>[] payload() default {};

	/**
	 * Checks the range; {@code null} is left to {@code @NotNull}.
	 */
	final class Validator implements ConstraintValidator<StorableInstant, Instant> {

		@Override
		public boolean isValid(Instant value, ConstraintValidatorContext context) {
			return value == null || isStorable(value);
		}

		/**
		 * Whether a moment is in range.
		 * @param value the moment
		 * @return {@code true} if it is
		 */
		public static boolean isStorable(Instant value) {
			return !value.isBefore(EARLIEST) && !value.isAfter(LATEST);
		}

	}

}
