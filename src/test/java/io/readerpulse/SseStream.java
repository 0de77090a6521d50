package io.readerpulse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A reader's server-sent-events connection to the service under test, over real HTTP: it records every
 * event the service sends (heartbeats included, in order) and lets a test wait, with a deadline, for what it
 * expects. {@link #close() Closing} it closes the connection, as a reader leaving the page does;
 * {@link #abort() aborting} it resets the connection, as a reader whose network vanishes.
 * <p>
 * Each stream has a connection of its own, never shared with or returned to a pool, on event loops of its
 * own, never shut down with a service.
 */
public final class SseStream implements AutoCloseable {

	/** How long {@link Builder#open()} waits for the response's status and headers. */
	private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * The streams' own event loops: a service under test that shuts down in this JVM disposes the shared ones,
	 * and a reader must outlive the service it reads, to see how its stream ends.
	 */
	private static final LoopResources LOOPS = LoopResources.create("sse-stream", 2, true);

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT = new ParameterizedTypeReference<>() {
	};

	private final JsonMapper json;

	private final String description;

	private final AtomicReference<@Nullable Channel> channel = new AtomicReference<>();

	private final Disposable subscription;

	private final HttpStatusCode status;

	private final HttpHeaders headers;

	/** Guards the fields below; notified whenever one of them changes. */
	private final Object lock = new Object();

	private final List<Event> events = new ArrayList<>();

	private boolean completed;

	private @Nullable Throwable failure;

	private SseStream(Builder builder) {
		this.json = builder.json;
		this.description = "GET " + builder.uriTemplate + ((builder.lastEventId != null)
				? " (Last-Event-ID: " + builder.lastEventId + ")" : "");
		HttpClient http = HttpClient.newConnection()
			.runOn(LOOPS)
			.doOnConnected((connection) -> this.channel.set(connection.channel()));
		WebClient web = WebClient.builder().baseUrl(builder.baseUrl).clientConnector(new ReactorClientHttpConnector(http))
			.build();
		CompletableFuture<Head> head = new CompletableFuture<>();
		Flux<ServerSentEvent<String>> body = web.get()
			.uri(builder.uriTemplate, builder.uriVariables)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.headers((headers) -> {
				builder.headers.forEach(headers::set);
				if (builder.lastEventId != null) {
					headers.set("Last-Event-ID", builder.lastEventId);
				}
			})
			.exchangeToFlux((response) -> {
				if (isEventStream(response)) {
					head.complete(new Head(response.statusCode(), response.headers().asHttpHeaders(), null));
					return response.bodyToFlux(EVENT);
				}
				return response.bodyToMono(String.class)
					.defaultIfEmpty("")
					.doOnNext((text) -> head.complete(new Head(response.statusCode(), response.headers().asHttpHeaders(), text)))
					.thenMany(Flux.empty());
			});
		this.subscription = body.subscribe(this::received, (error) -> {
			head.completeExceptionally(error);
			ended(error);
		}, () -> ended(null));
		Head opened = awaitHead(head);
		if (opened.rejection() != null) {
			close();
			throw new AssertionError("%s was answered %s %s, not with an event stream: %s".formatted(this.description,
					opened.status(), opened.headers().getContentType(), opened.rejection()));
		}
		this.status = opened.status();
		this.headers = opened.headers();
	}

	/**
	 * Starts describing a stream of the service at the address.
	 * @param baseUrl where the service listens, such as {@code http://localhost:8080}
	 * @return a builder
	 */
	public static Builder from(String baseUrl) {
		return new Builder(baseUrl);
	}

	/**
	 * Events of the name.
	 * @param name the event's name
	 * @return a predicate
	 */
	public static Predicate<Event> named(String name) {
		return (event) -> name.equals(event.name());
	}

	/**
	 * The response's status.
	 * @return the status
	 */
	public HttpStatusCode status() {
		return this.status;
	}

	/**
	 * The response's headers.
	 * @return the headers
	 */
	public HttpHeaders headers() {
		return this.headers;
	}

	/**
	 * Everything received so far, in order, heartbeats included.
	 * @return a snapshot
	 */
	public List<Event> events() {
		synchronized (this.lock) {
			return List.copyOf(this.events);
		}
	}

	/**
	 * The events received so far that match.
	 * @param matching which events
	 * @return a snapshot, in order
	 */
	public List<Event> events(Predicate<? super Event> matching) {
		return events().stream().filter(matching).toList();
	}

	/**
	 * The events of the name received so far.
	 * @param name the events' name
	 * @return a snapshot, in order
	 */
	public List<Event> events(String name) {
		return events(named(name));
	}

	/**
	 * The data of the events of the name received so far, each read as the type.
	 * @param name the events' name
	 * @param type what their data is
	 * @param <T> the type
	 * @return a snapshot, in order
	 */
	public <T> List<T> data(String name, Class<T> type) {
		return events(name).stream().map((event) -> event.as(type)).toList();
	}

	/**
	 * The last event of the name received so far.
	 * @param name the event's name
	 * @return the event, if any
	 */
	public Optional<Event> latest(String name) {
		List<Event> named = events(name);
		return named.isEmpty() ? Optional.empty() : Optional.of(named.get(named.size() - 1));
	}

	/**
	 * Waits for the first event that matches, received already or yet to come.
	 * @param matching which event
	 * @param timeout how long to wait at most
	 * @return the event
	 * @throws AssertionError if none arrived in time
	 */
	public Event awaitEvent(Predicate<? super Event> matching, Duration timeout) {
		return await("an event that matches", timeout, (received) -> received.stream().filter(matching).findFirst());
	}

	/**
	 * Waits until exactly the number of matching events has arrived.
	 * @param matching which events
	 * @param count how many
	 * @param timeout how long to wait at most
	 * @return the matching events, in order
	 * @throws AssertionError if the count was not reached in time, or was passed
	 */
	public List<Event> awaitEvents(Predicate<? super Event> matching, int count, Duration timeout) {
		return await(count + " events that match", timeout, (received) -> {
			List<Event> matched = received.stream().filter(matching).toList();
			if (matched.size() > count) {
				throw new AssertionError("%s: expected %d events that match, got %d: %s".formatted(this.description,
						count, matched.size(), matched));
			}
			return (matched.size() == count) ? Optional.of(matched) : Optional.empty();
		});
	}

	/**
	 * Waits until the last event of the name matches: a live figure that reached a value.
	 * @param name the event's name
	 * @param matching what the last one must be like
	 * @param timeout how long to wait at most
	 * @return that event
	 * @throws AssertionError if the last such event did not match in time
	 */
	public Event awaitLatest(String name, Predicate<? super Event> matching, Duration timeout) {
		return await("a last '" + name + "' event that matches", timeout, (received) -> {
			Optional<Event> last = received.stream().filter(named(name)).reduce((first, second) -> second);
			return last.filter(matching);
		});
	}

	/**
	 * Waits until the service ends the stream normally.
	 * @param timeout how long to wait at most
	 * @throws AssertionError if it did not end in time, or broke instead
	 */
	public void awaitCompletion(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.lock) {
			while (!this.completed) {
				if (this.failure != null) {
					throw new AssertionError(this.description + " broke instead of ending", this.failure);
				}
				waitUntil(deadline, () -> "%s did not end within %s; received %s".formatted(this.description, timeout,
						summary(this.events)));
			}
		}
	}

	/**
	 * Whether the service ended the stream normally.
	 * @return whether it has
	 */
	public boolean isCompleted() {
		synchronized (this.lock) {
			return this.completed;
		}
	}

	/**
	 * Resets the connection instead of closing it: the reader vanishes without a goodbye, as when its network
	 * drops or its browser is killed.
	 */
	public void abort() {
		Channel open = this.channel.get();
		if (open != null) {
			open.config().setOption(ChannelOption.SO_LINGER, 0);
			open.close().syncUninterruptibly();
		}
		close();
	}

	/**
	 * Closes the connection, as a reader leaving the page.
	 */
	@Override
	public void close() {
		this.subscription.dispose();
		Channel open = this.channel.get();
		if (open != null) {
			open.close().syncUninterruptibly();
		}
	}

	@Override
	public String toString() {
		return this.description;
	}

	private <R> R await(String what, Duration timeout, Function<List<Event>, Optional<R>> check) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.lock) {
			while (true) {
				Optional<R> found = check.apply(this.events);
				if (found.isPresent()) {
					return found.get();
				}
				if (this.completed || this.failure != null) {
					throw new AssertionError("%s ended (%s) before %s arrived; received %s".formatted(this.description,
							(this.failure != null) ? this.failure : "completed", what, summary(this.events)), this.failure);
				}
				waitUntil(deadline, () -> "%s: no %s within %s; received %s".formatted(this.description, what, timeout,
						summary(this.events)));
			}
		}
	}

	/** Waits for a change, holding the lock; fails once the deadline has passed. */
	private void waitUntil(long deadline, Supplier<String> failure) {
		long left = deadline - System.nanoTime();
		if (left <= 0) {
			throw new AssertionError(failure.get());
		}
		try {
			TimeUnit.NANOSECONDS.timedWait(this.lock, left);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while waiting on " + this.description, ex);
		}
	}

	private void received(ServerSentEvent<String> event) {
		synchronized (this.lock) {
			this.events.add(new Event(event.event(), event.id(), event.data(), event.comment(), event.retry(), this.json));
			this.lock.notifyAll();
		}
	}

	private void ended(@Nullable Throwable error) {
		synchronized (this.lock) {
			if (error != null) {
				this.failure = error;
			}
			else {
				this.completed = true;
			}
			this.lock.notifyAll();
		}
	}

	private Head awaitHead(CompletableFuture<Head> head) {
		try {
			return head.get(HEAD_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			close();
			throw new AssertionError(this.description + " got no response within " + HEAD_TIMEOUT, ex);
		}
		catch (ExecutionException ex) {
			close();
			throw new AssertionError(this.description + " failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			close();
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while opening " + this.description, ex);
		}
	}

	/** What a failure message shows of the events: the last few, and how many came before. */
	private static String summary(List<Event> events) {
		int shown = 20;
		if (events.size() <= shown) {
			return events.toString();
		}
		return events.size() + " events, the last " + shown + ": " + events.subList(events.size() - shown, events.size());
	}

	private static boolean isEventStream(ClientResponse response) {
		MediaType type = response.headers().contentType().orElse(null);
		return response.statusCode().value() == 200 && type != null && type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM);
	}

	private record Head(HttpStatusCode status, HttpHeaders headers, @Nullable String rejection) {
	}

	/**
	 * Describes a stream before it is opened.
	 */
	public static final class Builder {

		private final String baseUrl;

		private String uriTemplate = "/";

		private Object[] uriVariables = {};

		private @Nullable String lastEventId;

		private final java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();

		private JsonMapper json = JsonMapper.shared();

		private Builder(String baseUrl) {
			this.baseUrl = baseUrl;
		}

		/**
		 * The stream's path, with its query if any.
		 * @param uriTemplate such as {@code /api/articles/{slug}/stream}
		 * @param uriVariables the template's values, encoded as needed
		 * @return this builder
		 */
		public Builder path(String uriTemplate, Object... uriVariables) {
			this.uriTemplate = uriTemplate;
			this.uriVariables = uriVariables.clone();
			return this;
		}

		/**
		 * Resumes after an event, as a browser reconnecting does: sends the {@code Last-Event-ID} header.
		 * @param id the last event's id; {@code null} for none
		 * @return this builder
		 */
		public Builder lastEventId(@Nullable String id) {
			this.lastEventId = id;
			return this;
		}

		/**
		 * Sends a request header, such as credentials.
		 * @param name the header's name
		 * @param value its value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		/**
		 * Reads the events' data with this mapper (the service's own, say) instead of Jackson's defaults.
		 * @param mapper the mapper
		 * @return this builder
		 */
		public Builder json(JsonMapper mapper) {
			this.json = Objects.requireNonNull(mapper);
			return this;
		}

		/**
		 * Connects and waits for the response's status and headers.
		 * @return the open stream
		 * @throws AssertionError if the service does not answer with {@code 200} and an event stream
		 */
		public SseStream open() {
			return new SseStream(this);
		}

	}

	/**
	 * One event as received: its name, id and data as the service sent them (any of them may be absent), and
	 * its data read as JSON.
	 */
	public static final class Event {

		private final @Nullable String name;

		private final @Nullable String id;

		private final @Nullable String data;

		private final @Nullable String comment;

		private final @Nullable Duration retry;

		private final JsonMapper json;

		private Event(@Nullable String name, @Nullable String id, @Nullable String data, @Nullable String comment,
				@Nullable Duration retry, JsonMapper json) {
			this.name = name;
			this.id = id;
			this.data = data;
			this.comment = comment;
			this.retry = retry;
			this.json = json;
		}

		/**
		 * The {@code retry:} field: how long the client waits before it reconnects.
		 * @return the delay, or {@code null} if the event has none
		 */
		public @Nullable Duration retry() {
			return this.retry;
		}

		/**
		 * The {@code event:} field.
		 * @return the name, or {@code null} if the event has none
		 */
		public @Nullable String name() {
			return this.name;
		}

		/**
		 * The {@code id:} field.
		 * @return the id, or {@code null} if the event has none
		 */
		public @Nullable String id() {
			return this.id;
		}

		/**
		 * The {@code data:} lines, joined.
		 * @return the data as sent, or {@code null} if the event has none
		 */
		public @Nullable String data() {
			return this.data;
		}

		/**
		 * Whether this is a heartbeat: a comment and nothing else.
		 * @return whether it is
		 */
		public boolean isHeartbeat() {
			return this.comment != null && this.comment.isBlank() && this.name == null && this.id == null
					&& this.data == null && this.retry == null;
		}

		/**
		 * The data as a JSON tree.
		 * @return the tree
		 * @throws AssertionError if the event has no data
		 */
		public JsonNode json() {
			return this.json.readTree(requireData());
		}

		/**
		 * The data read as the type.
		 * @param type what the data is
		 * @param <T> the type
		 * @return the value
		 * @throws AssertionError if the event has no data
		 */
		public <T> T as(Class<T> type) {
			return this.json.readValue(requireData(), type);
		}

		private String requireData() {
			if (this.data == null) {
				throw new AssertionError("no data in " + this);
			}
			return this.data;
		}

		@Override
		public String toString() {
			if (isHeartbeat()) {
				return "(heartbeat)";
			}
			StringBuilder text = new StringBuilder("{");
			if (this.name != null) {
				text.append("event:").append(this.name).append(' ');
			}
			if (this.id != null) {
				text.append("id:").append(this.id).append(' ');
			}
			if (this.comment != null) {
				text.append(':').append(this.comment.strip()).append(' ');
			}
			text.append("data:").append(this.data).append('}');
			return text.toString();
		}

	}

}
