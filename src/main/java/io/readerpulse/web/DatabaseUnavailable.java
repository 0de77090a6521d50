package io.readerpulse.web;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A request that needs the database while it cannot be reached (restarting, failing over, overloaded)
 * answers 503 with {@code Retry-After}: the client should try again, nothing is wrong with its request.
 */
public final class DatabaseUnavailable {

	/** How long clients are asked to wait. */
	public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private DatabaseUnavailable() {
	}

	/**
	 * Whether a failure, or any of its causes, says that the database could not be reached in time.
	 * @param failure the failure
	 * @return {@code true} if it did
	 */
	public static boolean causedBy(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessResourceException
					|| cause instanceof QueryTimeoutException || cause instanceof R2dbcNonTransientResourceException
					|| cause instanceof R2dbcTransientResourceException || cause instanceof R2dbcTimeoutException
					|| cause instanceof TimeoutException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The problem to answer with.
	 * @return a 503 problem
	 */
	public static ProblemDetail problem() {
		return ProblemType.DATABASE_UNAVAILABLE.problem(HttpStatus.SERVICE_UNAVAILABLE,
				"The service cannot reach its database right now; try again shortly.");
	}

	/**
	 * The headers to answer with.
	 * @return {@code Retry-After}
	 */
	public static HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
		return headers;
	}

}
