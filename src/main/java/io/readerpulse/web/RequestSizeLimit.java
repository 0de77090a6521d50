package io.readerpulse.web;

import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Caps request bodies at 16 KiB for every endpoint, before authentication, so that nobody can make the
 * service buffer large bodies. A declared {@code Content-Length} is refused at once; a chunked body is
 * counted as it arrives. Imports are the exception: an export of years of comments is streamed through a
 * parser, never buffered, so it may be up to 2 GiB.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class RequestSizeLimit implements WebFilter {

	/** The largest request body accepted, in bytes. */
	public static final long MAX_BYTES = 16 * 1024;

	/** The largest import accepted, in bytes. */
	static final long MAX_IMPORT_BYTES = 2L * 1024 * 1024 * 1024;

	private static final String IMPORTS = "/api/imports/";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long limit = exchange.getRequest().getPath().value().startsWith(IMPORTS) ? MAX_IMPORT_BYTES : MAX_BYTES;
		long declared = exchange.getRequest().getHeaders().getContentLength();
		if (declared > limit) {
			return Mono.error(tooLarge(limit));
		}
		return chain.filter(exchange.mutate().request(new CountingRequest(exchange.getRequest(), limit)).build());
	}

	static ProblemDetail problem() {
		return problem(MAX_BYTES);
	}

	private static ProblemDetail problem(long limit) {
		return ProblemType.BODY_TOO_LARGE.problem(HttpStatus.CONTENT_TOO_LARGE,
				"The request body is larger than " + limit / 1024 + " KiB.");
	}

	private static PayloadTooLargeException tooLarge(long limit) {
		PayloadTooLargeException ex = new PayloadTooLargeException(null);
		ex.getBody().setDetail(problem(limit).getDetail());
		ex.getBody().setType(ProblemType.BODY_TOO_LARGE.uri());
		return ex;
	}

	private static final class CountingRequest extends ServerHttpRequestDecorator {

		private final long limit;

		CountingRequest(ServerHttpRequest delegate, long limit) {
			super(delegate);
			this.limit = limit;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			AtomicLong seen = new AtomicLong();
			return super.getBody().handle((buffer, sink) -> {
				if (seen.addAndGet(buffer.readableByteCount()) > this.limit) {
					DataBufferUtils.release(buffer);
					sink.error(tooLarge(this.limit));
				}
				else {
					sink.next(buffer);
				}
			});
		}

	}

}
