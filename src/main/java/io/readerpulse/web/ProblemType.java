package io.readerpulse.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The kinds of problem a client may want to tell apart, each with a stable {@code type} (RFC 9457). A
 * problem whose meaning is its status code alone (not found, unauthorized, forbidden, method not allowed,
 * a server error) keeps {@code about:blank}. The types are identifiers, relative to the API, not pages.
 */
public enum ProblemType {

	/** A field or parameter is invalid; {@code errors} names each with what is wrong. */
	INVALID_REQUEST("invalid-request"),

	/** The body is not JSON of the expected shape. */
	MALFORMED_BODY("malformed-body"),

	/** The body is over the size limit. */
	BODY_TOO_LARGE("body-too-large"),

	/** Too many requests from this address; {@code Retry-After} says when to try again. */
	RATE_LIMITED("rate-limited"),

	/** The request conflicts with what exists (an account name already taken, say). */
	CONFLICT("conflict"),

	/** The path or a header is one no ordinary client sends (an encoded slash, {@code ..}, a control character). */
	REJECTED_REQUEST("rejected-request"),

	/** A request from another site's page that would change something for a signed-in staff member. */
	CROSS_SITE_REQUEST("cross-site-request"),

	/** The database cannot be reached right now; {@code Retry-After} says when to try again. */
	DATABASE_UNAVAILABLE("database-unavailable");

	private final URI uri;

	ProblemType(String name) {
		this.uri = URI.create("/problems/" + name);
	}

	/**
	 * The {@code type} member of problems of this kind.
	 * @return a relative URI such as {@code /problems/rate-limited}
	 */
	public URI uri() {
		return this.uri;
	}

	/**
	 * A problem of this kind.
	 * @param status its status
	 * @param detail what went wrong, for the client
	 * @return the problem
	 */
	public ProblemDetail problem(HttpStatus status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(this.uri);
		return problem;
	}

}
