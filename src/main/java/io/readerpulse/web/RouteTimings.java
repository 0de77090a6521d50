package io.readerpulse.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code http.server.requests} for the paths answered below WebFlux, with the tags WebFlux's own
 * observation gives every other request, so that request rates, error rates and latencies on a dashboard
 * include the beacons and story streams. A plain timer per path, method and status, looked up in a map:
 * none of the observation machinery whose cost the routes exist to avoid.
 */
@Component
public final class RouteTimings {

	private final MeterRegistry meters;

	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	RouteTimings(MeterRegistry meters) {
		this.meters = meters;
	}

	/**
	 * A route's handler, timed from the request to the end of its answer.
	 * @param uri the path's template, as WebFlux would tag it (such as {@code /api/articles/{slug}/views})
	 * @param handler the handler
	 * @return the timed handler
	 */
	public BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> timed(String uri,
			BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler) {
		return (request, response) -> {
			long started = System.nanoTime();
			return handler.apply(request, response)
				.doFinally((signal) -> record(uri, request.method().name(), response, signal, started));
		};
	}

	private void record(String uri, String method, HttpServerResponse response, SignalType signal, long started) {
		// A client gone before its answer was sent, as WebFlux tags it.
		boolean aborted = signal == SignalType.CANCEL && !response.hasSentHeaders();
		int status = response.status().code();
		String key = uri + ' ' + method + ' ' + (aborted ? "UNKNOWN" : status);
		this.timers.computeIfAbsent(key, (ignored) -> Timer.builder("http.server.requests")
			.tag("error", "none")
			.tag("exception", "none")
			.tag("method", method)
			.tag("outcome", aborted ? "UNKNOWN" : outcome(status))
			.tag("status", aborted ? "UNKNOWN" : Integer.toString(status))
			.tag("uri", uri)
			.register(this.meters))
			.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
	}

	private static String outcome(int status) {
		HttpStatus.Series series = HttpStatus.Series.resolve(status);
		return (series != null) ? switch (series) {
			case INFORMATIONAL -> "INFORMATIONAL";
			case SUCCESSFUL -> "SUCCESS";
			case REDIRECTION -> "REDIRECTION";
			case CLIENT_ERROR -> "CLIENT_ERROR";
			case SERVER_ERROR -> "SERVER_ERROR";
		} : "UNKNOWN";
	}

}
