package io.readerpulse;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import io.readerpulse.live.StartupProgress;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Runs the {@link StartupTask}s without holding up start-up threads, and reports readiness only once they
 * are done: the readiness probe includes this indicator as {@code startupTasks}.
 */
@Component("startupTasksHealthIndicator")
final class StartupTasks implements ApplicationRunner, ReactiveHealthIndicator, StartupProgress {

	private static final Logger logger = LoggerFactory.getLogger(StartupTasks.class);

	private final List<StartupTask> tasks;

	private final AtomicReference<Health> state = new AtomicReference<>(Health.outOfService().build());

	StartupTasks(List<StartupTask> tasks) {
		this.tasks = tasks;
	}

	@Override
	public void run(ApplicationArguments args) {
		// Retried because a database that is still starting (a compose stack, say) is worth waiting for.
		Flux.fromIterable(this.tasks)
			.concatMap((task) -> task.run().retryWhen(Retry.backoff(5, Duration.ofMillis(500))))
			.then()
			.subscribe(null, (ex) -> {
				logger.error("Start-up tasks failed; the service stays not ready", ex);
				this.state.set(Health.down().withDetail("error", "start-up tasks failed").build());
			}, () -> this.state.set(Health.up().build()));
	}

	@Override
	public boolean done() {
		return Status.UP.equals(this.state.get().getStatus());
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromSupplier(this.state::get);
	}

}
