package io.readerpulse.live;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.readerpulse.StoppedClock;

import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.support.StaticApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class StreamAdmissionTest {

	// Time that stands still unless moved: the test steps to the edges of a second.
	private final StoppedClock clock = new StoppedClock(Instant.parse("2026-12-01T10:00:00.250Z"));

	private final ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private boolean started = true;

	private final StreamAdmission admission = new StreamAdmission(this.availability, () -> this.started,
			new LiveProperties(Duration.ofSeconds(1), Duration.ofSeconds(25), Duration.ofSeconds(2), Duration.ofSeconds(10), 3,
					Duration.ofSeconds(30)),
			this.clock, this.meters);

	@Test
	void aNotReadyInstanceOpensNoStream() {
		assertThat(this.admission.admit()).as("no readiness state yet: starting").isFalse();
		ready(ReadinessState.ACCEPTING_TRAFFIC);
		assertThat(this.admission.admit()).isTrue();
		ready(ReadinessState.REFUSING_TRAFFIC);
		assertThat(this.admission.admit()).as("shutting down").isFalse();
		assertThat(this.meters.counter("pulse.live.busy").count()).isEqualTo(2);
	}

	@Test
	void noStreamOpensBeforeTheStartUpTasksAreDone() {
		ready(ReadinessState.ACCEPTING_TRAFFIC);
		this.started = false;
		assertThat(this.admission.admit()).isFalse();
		this.started = true;
		assertThat(this.admission.admit()).isTrue();
	}

	@Test
	void atMostTheLimitOpensInOneSecond() {
		ready(ReadinessState.ACCEPTING_TRAFFIC);
		this.clock.advance(Duration.ofMillis(1000 - this.clock.millis() % 1000));
		assertThat(this.clock.millis() % 1000).isZero();
		assertThat(this.admission.admit()).isTrue();
		assertThat(this.admission.admit()).isTrue();
		this.clock.advance(Duration.ofMillis(999));
		assertThat(this.admission.admit()).isTrue();
		assertThat(this.admission.admit()).isFalse();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.admission.admit()).as("a new second").isTrue();
	}

	private void ready(ReadinessState state) {
		this.availability.onApplicationEvent(new AvailabilityChangeEvent<>(new StaticApplicationContext(), state));
	}

}
