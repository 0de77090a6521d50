package io.readerpulse.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.readerpulse.web.ClientAddress;
import io.readerpulse.web.FixedWindowLimiter;
import io.readerpulse.web.TooManyRequestsException;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/auth/device}: how an app gets its first token, for a new anonymous device identity.
 * Limited per client address, so that nobody mints identities in bulk to stuff reactions.
 */
@RestController
final class DeviceTokenController {

	private final DeviceTokens tokens;

	private final FixedWindowLimiter limiter;

	DeviceTokenController(DeviceTokens tokens, TokenProperties properties, Clock clock) {
		this.tokens = tokens;
		this.limiter = new FixedWindowLimiter(properties.perAddressPerHour(), Duration.ofHours(1), 100_000,
				clock);
	}

	@Operation(operationId = "issueDeviceToken", summary = "Get a token for a new device", tags = "devices",
			description = "Anyone. The token identifies a new anonymous device; keep it until expiresAt.")
	@ApiResponse(responseCode = "429", ref = "TooManyRequests")
	@PostMapping("/api/auth/device")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<DeviceToken> issue(ServerHttpRequest request) {
		String address = ClientAddress.of(request);
		return Mono.defer(() -> this.limiter.tryAcquire(address)
			.<Mono<DeviceToken>>map((wait) -> Mono.error(new TooManyRequestsException(
					"Too many device tokens from this address; try again later.", wait)))
			.orElseGet(() -> this.tokens.issue()
				.map((issued) -> new DeviceToken(issued.token(), "Bearer", issued.expiresAt()))));
	}

	/**
	 * A device token as the API returns it.
	 *
	 * @param token the signed token, for {@code Authorization: Bearer}
	 * @param tokenType always {@code Bearer}
	 * @param expiresAt when it stops being accepted
	 */
	record DeviceToken(String token, String tokenType, Instant expiresAt) {
	}

}
