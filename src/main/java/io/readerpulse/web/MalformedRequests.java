package io.readerpulse.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Answers the requests HTTP itself refuses with a problem body, as every other refusal: a request line or
 * headers too long to read (414, 431), anything else the decoder could not read, and a target with a
 * malformed percent-escape (400), which Reactor Netty refuses before any route or WebFlux sees the request.
 * Reactor Netty would answer them with an empty body. The connection closes after the answer, as it would
 * have: what follows such a request on it cannot be trusted.
 */
@Component
final class MalformedRequests implements NettyServerCustomizer {

	private static final String NAME = "pulse.malformedRequests";

	private final Refusals refusals;

	MalformedRequests(ProblemResponses problems) {
		this.refusals = new Refusals(problems);
	}

	@Override
	public HttpServer apply(HttpServer server) {
		return server.doOnChannelInit((observer, channel, remote) -> {
			if (channel.pipeline().get(NettyPipeline.HttpTrafficHandler) != null) {
				channel.pipeline().addBefore(NettyPipeline.HttpTrafficHandler, NAME, this.refusals);
			}
		});
	}

	/**
	 * The status a request is refused with, or {@code null} if it is well-formed as far as HTTP goes.
	 */
	static @Nullable HttpResponseStatus refusal(HttpRequest request) {
		DecoderResult decoded = request.decoderResult();
		if (decoded.isFailure()) {
			Throwable cause = decoded.cause();
			if (cause instanceof TooLongHttpLineException) {
				return HttpResponseStatus.REQUEST_URI_TOO_LONG;
			}
			return (cause instanceof TooLongHttpHeaderException) ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
					: HttpResponseStatus.BAD_REQUEST;
		}
		return malformedEscape(request.uri()) ? HttpResponseStatus.BAD_REQUEST : null;
	}

	/**
	 * Whether a {@code %} anywhere in the target is not followed by two hexadecimal digits.
	 */
	static boolean malformedEscape(String uri) {
		for (int at = uri.indexOf('%'); at >= 0; at = uri.indexOf('%', at + 1)) {
			if (at + 2 >= uri.length() || Character.digit(uri.charAt(at + 1), 16) < 0
					|| Character.digit(uri.charAt(at + 2), 16) < 0) {
				return true;
			}
		}
		return false;
	}

	/**
	 * One for all connections: it keeps nothing of its own, only a mark on a connection it has refused.
	 */
	@ChannelHandler.Sharable
	static final class Refusals extends ChannelInboundHandlerAdapter {

		private static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf(NAME);

		private final ProblemResponses problems;

		Refusals(ProblemResponses problems) {
			this.problems = problems;
		}

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			if (context.channel().hasAttr(REFUSED)) {
				// The rest of a refused request, or what came after it: the connection is closing.
				ReferenceCountUtil.release(message);
				return;
			}
			HttpResponseStatus status = (message instanceof HttpRequest request) ? refusal(request) : null;
			if (status == null) {
				context.fireChannelRead(message);
				return;
			}
			HttpRequest request = (HttpRequest) message;
			// A request the decoder could not read has no target of its own (Netty names it "/bad-request").
			String path = request.decoderResult().isSuccess() ? DirectRoutes.path(request.uri()) : null;
			ReferenceCountUtil.release(message);
			context.channel().attr(REFUSED).set(Boolean.TRUE);
			context.writeAndFlush(answer(status, path)).addListener(ChannelFutureListener.CLOSE);
		}

		private FullHttpResponse answer(HttpResponseStatus status, @Nullable String path) {
			String detail = (status == HttpResponseStatus.BAD_REQUEST && path != null)
					? "The request's target has a malformed percent-escape." : null;
			ProblemDetail problem = ProblemExceptionHandler
				.toProblem(new ResponseStatusException(HttpStatus.valueOf(status.code()), detail), new HttpHeaders());
			byte[] body = this.problems.encode(problem, path);
			FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
					Unpooled.wrappedBuffer(body));
			response.headers()
				.add(DirectRoutes.COMMON)
				.add(DirectRoutes.SECURED)
				.set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
				.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
				.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			return response;
		}

	}

}
