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
 * counted as it arrives.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
final class RequestSizeLimit implements WebFilter {

	/** The largest request body accepted, in bytes. */
	static final long MAX_BYTES = 16 * 1024;

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long declared = exchange.getRequest().getHeaders().getContentLength();
		if (declared > MAX_BYTES) {
			return Mono.error(tooLarge());
		}
		return chain.filter(exchange.mutate().request(new CountingRequest(exchange.getRequest())).build());
	}

	static ProblemDetail problem() {
		return ProblemType.BODY_TOO_LARGE.problem(HttpStatus.CONTENT_TOO_LARGE,
				"The request body is larger than " + MAX_BYTES / 1024 + " KiB.");
	}

	private static PayloadTooLargeException tooLarge() {
		PayloadTooLargeException ex = new PayloadTooLargeException(null);
		ex.getBody().setDetail(problem().getDetail());
		ex.getBody().setType(ProblemType.BODY_TOO_LARGE.uri());
		return ex;
	}

	private static final class CountingRequest extends ServerHttpRequestDecorator {

		CountingRequest(ServerHttpRequest delegate) {
			super(delegate);
		}

		@Override
		public Flux<DataBuffer> getBody() {
			AtomicLong seen = new AtomicLong();
			return super.getBody().handle((buffer, sink) -> {
				if (seen.addAndGet(buffer.readableByteCount()) > MAX_BYTES) {
					DataBufferUtils.release(buffer);
					sink.error(tooLarge());
				}
				else {
					sink.next(buffer);
				}
			});
		}

	}

}
