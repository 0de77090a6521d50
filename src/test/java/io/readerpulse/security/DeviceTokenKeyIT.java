package io.readerpulse.security;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import io.readerpulse.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A database hiccup while the device-token key is first read fails that request only: the next one reads
 * the key again instead of failing until a restart.
 */
class DeviceTokenKeyIT extends IntegrationTest {

	private static final TokenProperties PROPERTIES = new TokenProperties(null, null, Duration.ofDays(30),
			"reader-pulse", "reader-pulse-api", 20);

	@Autowired
	private ConnectionFactory connections;

	@Test
	void aFailedFirstReadOfTheKeyIsNotRemembered() {
		AtomicInteger attempts = new AtomicInteger();
		ConnectionFactory flaky = new ConnectionFactory() {
			@Override
			public Publisher<? extends Connection> create() {
				return (attempts.getAndIncrement() == 0)
						? Mono.error(new R2dbcNonTransientResourceException("the database is restarting"))
						: DeviceTokenKeyIT.this.connections.create();
			}

			@Override
			public ConnectionFactoryMetadata getMetadata() {
				return DeviceTokenKeyIT.this.connections.getMetadata();
			}
		};
		DeviceTokens tokens = new DeviceTokens(PROPERTIES, new DeviceTokenKey(DatabaseClient.create(flaky), PROPERTIES),
				Clock.systemUTC());

		StepVerifier.create(tokens.managerFor("reader-pulse")).expectError().verify(Duration.ofSeconds(10));
		StepVerifier.create(tokens.managerFor("reader-pulse")).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(10));
		StepVerifier.create(tokens.issue()).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(10));
	}

}
