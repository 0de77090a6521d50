package io.readerpulse;

import reactor.core.publisher.Mono;

/**
 * Work that must finish before the service reports itself ready, such as creating the first administrator.
 * Tasks run once, in {@link org.springframework.core.annotation.Order order}, after the context started.
 */
public interface StartupTask {

	/**
	 * The task, run once.
	 * @return completion of the task
	 */
	Mono<Void> run();

}
