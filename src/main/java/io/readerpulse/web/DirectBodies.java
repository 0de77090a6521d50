package io.readerpulse.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.core.ResolvableType;
import org.springframework.core.codec.Decoder;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.codec.Encoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.codec.DecoderHttpMessageReader;
import org.springframework.http.codec.EncoderHttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * Request and response bodies of the paths answered below WebFlux, read as WebFlux reads an
 * {@code @Valid @RequestBody} and written as it writes a handler's value: with the application's own JSON
 * codecs (so the same Jackson settings and {@link StorableText} rules), its bean validation, the API's body
 * limit, and the same failures, which {@link DirectRoutes#problem} answers with the same problem bodies.
 */
@Component
public final class DirectBodies {

	private final ServerCodecConfigurer codecs;

	private final SpringValidatorAdapter validator;

	private final Map<Class<?>, Decoder<?>> decoders = new ConcurrentHashMap<>();

	private final Map<Class<?>, Encoder<Object>> encoders = new ConcurrentHashMap<>();

	DirectBodies(ServerCodecConfigurer codecs, jakarta.validation.Validator validator) {
		this.codecs = codecs;
		this.validator = new SpringValidatorAdapter(validator);
	}

	/**
	 * Refuses, before anything is read, a body longer than the API's limit by its declared length.
	 * @param request the request
	 * @throws DataBufferLimitException if the declared length is over the limit
	 */
	public static void refuseDeclaredTooLarge(HttpServerRequest request) {
		String declared = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
		if (declared == null) {
			return;
		}
		try {
			if (Long.parseLong(declared.trim()) > RequestSizeLimit.MAX_BYTES) {
				throw new DataBufferLimitException("declared body too large");
			}
		}
		catch (NumberFormatException ex) {
			// Netty refuses a request with a malformed length before it gets here.
		}
	}

	/**
	 * The request's body, whole, refused beyond the API's limit (a chunked body declares no length).
	 * @param request the request
	 * @return the bytes, empty for no body; or a {@link DataBufferLimitException}
	 */
	public static Mono<byte[]> receive(HttpServerRequest request) {
		return request.receive().reduceWith(Body::new, Body::add).map(Body::bytes);
	}

	/**
	 * The media type a JSON body of the type is read as, checked as WebFlux checks it.
	 * @param contentType the request's {@code Content-Type}, if any ({@code application/octet-stream} if not)
	 * @param type what the body holds
	 * @return the media type to read with
	 * @throws UnsupportedMediaTypeStatusException if the body's type cannot be read as one of these
	 */
	public MediaType readableType(@Nullable String contentType, Class<?> type) {
		Decoder<?> decoder = decoderOf(type);
		ResolvableType target = ResolvableType.forClass(type);
		MediaType mediaType;
		try {
			mediaType = (contentType != null) ? MediaType.parseMediaType(contentType) : MediaType.APPLICATION_OCTET_STREAM;
		}
		catch (InvalidMediaTypeException ex) {
			throw new UnsupportedMediaTypeStatusException(ex.getMessage(), readable(decoder, target));
		}
		if (!decoder.canDecode(target, mediaType)) {
			throw new UnsupportedMediaTypeStatusException(mediaType, readable(decoder, target), target);
		}
		return mediaType;
	}

	private static List<MediaType> readable(Decoder<?> decoder, ResolvableType type) {
		return decoder.getDecodableMimeTypes(type)
			.stream()
			.map((mime) -> new MediaType(mime.getType(), mime.getSubtype(), mime.getParameters()))
			.toList();
	}

	/**
	 * Reads a body and validates it.
	 * @param <T> what the body holds
	 * @param body the body's bytes
	 * @param mediaType its type (see {@link #readableType}), or {@code null} if the request named none
	 * @param type what the body holds
	 * @return the value, valid
	 * @throws ServerWebInputException if there is no body (or JSON null), or not JSON of the type (or unstorable)
	 * @throws UnsupportedMediaTypeStatusException if there is a body but no type
	 * @throws InvalidRequestException if the value breaks its constraints
	 */
	public <T> T readValid(byte[] body, @Nullable MediaType mediaType, Class<T> type) {
		if (body.length == 0) {
			throw noBody();
		}
		MediaType readable = (mediaType != null) ? mediaType : readableType(null, type);
		Object value;
		try {
			value = decoderOf(type).decode(DefaultDataBufferFactory.sharedInstance.wrap(body), ResolvableType.forClass(type),
					readable, Map.of());
		}
		catch (DecodingException ex) {
			throw new ServerWebInputException("Failed to read HTTP message", null, ex);
		}
		if (value == null) {
			throw noBody();
		}
		T valid = type.cast(value);
		BeanPropertyBindingResult errors = new BeanPropertyBindingResult(valid, "body");
		this.validator.validate(valid, errors);
		if (errors.hasErrors()) {
			throw InvalidRequestException.of(errors);
		}
		return valid;
	}

	private static ServerWebInputException noBody() {
		return new ServerWebInputException("No request body", null, new DecodingException("No request body"));
	}

	/**
	 * A value as the bytes of an {@code application/json} body, as WebFlux writes a handler's value.
	 * @param value the value
	 * @return the body
	 */
	public byte[] json(Object value) {
		return encode(encoderOf(value.getClass()), value, MediaType.APPLICATION_JSON);
	}

	static byte[] encode(Encoder<Object> encoder, Object value, MediaType type) {
		DataBuffer buffer = encoder.encodeValue(value, DefaultDataBufferFactory.sharedInstance,
				ResolvableType.forInstance(value), type, Map.of());
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private Decoder<?> decoderOf(Class<?> type) {
		return this.decoders.computeIfAbsent(type, (key) -> this.codecs.getReaders().stream()
			.filter((reader) -> reader instanceof DecoderHttpMessageReader<?> decoding
					&& decoding.getDecoder().canDecode(ResolvableType.forClass(key), MediaType.APPLICATION_JSON))
			.map((reader) -> ((DecoderHttpMessageReader<?>) reader).getDecoder())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No JSON decoder for " + key.getName())));
	}

	@SuppressWarnings("unchecked")
	private Encoder<Object> encoderOf(Class<?> type) {
		// The writer said it can write the type as JSON.
		return this.encoders.computeIfAbsent(type, (key) -> this.codecs.getWriters().stream()
			.filter((writer) -> writer instanceof EncoderHttpMessageWriter<?>
					&& writer.canWrite(ResolvableType.forClass(key), MediaType.APPLICATION_JSON))
			.map((writer) -> (Encoder<Object>) ((EncoderHttpMessageWriter<?>) writer).getEncoder())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No JSON encoder for " + key.getName())));
	}

	/**
	 * A body as it arrives, refused beyond the API's body limit.
	 */
	private static final class Body {

		private byte[] bytes = new byte[0];

		Body add(ByteBuf chunk) {
			int length = chunk.readableBytes();
			if (this.bytes.length + length > RequestSizeLimit.MAX_BYTES) {
				throw new DataBufferLimitException("body too large");
			}
			byte[] grown = new byte[this.bytes.length + length];
			System.arraycopy(this.bytes, 0, grown, 0, this.bytes.length);
			chunk.getBytes(chunk.readerIndex(), grown, this.bytes.length, length);
			this.bytes = grown;
			return this;
		}

		byte[] bytes() {
			return this.bytes;
		}

	}

}
