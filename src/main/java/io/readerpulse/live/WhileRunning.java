package io.readerpulse.live;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.context.SmartLifecycle;

/**
 * A component whose background work lasts only while it runs: whatever it subscribes through
 * {@link #whileRunning} ends when it stops, so a stopped context leaves nothing ticking or sending.
 * Contexts may be stopped and started again, which {@link #start()} allows.
 */
public abstract class WhileRunning implements SmartLifecycle {

	private volatile Sinks.Empty<Void> stopping = Sinks.empty();

	private volatile boolean running;

	/**
	 * Work that ends when this component stops.
	 * @param work the work
	 * @param <T> its element type
	 * @return the same work, cut short by a stop
	 */
	protected final <T> Flux<T> whileRunning(Flux<T> work) {
		return work.takeUntilOther(this.stopping.asMono());
	}

	/**
	 * Work that ends when this component stops.
	 * @param work the work
	 * @param <T> its value type
	 * @return the same work, cut short by a stop (then empty)
	 */
	protected final <T> Mono<T> whileRunning(Mono<T> work) {
		return work.takeUntilOther(this.stopping.asMono());
	}

	@Override
	public void start() {
		this.stopping = Sinks.empty();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.stopping.tryEmitEmpty();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
