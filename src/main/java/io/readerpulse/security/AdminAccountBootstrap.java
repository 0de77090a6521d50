package io.readerpulse.security;

import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.readerpulse.StartupTask;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Creates the first administrator, {@code admin}, when no administrator exists: with
 * {@code PULSE_ADMIN_PASSWORD}, or with a generated password that is printed this once and stored only as
 * a hash. Safe when several instances start at once: the username is unique, and only the instance whose
 * insert wins prints its password.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
final class AdminAccountBootstrap implements StartupTask {

	static final String ADMIN_USERNAME = "admin";

	private static final Logger logger = LoggerFactory.getLogger(AdminAccountBootstrap.class);

	private final StaffAccounts accounts;

	private final PasswordEncoder passwordEncoder;

	private final SecurityProperties properties;

	AdminAccountBootstrap(StaffAccounts accounts, PasswordEncoder passwordEncoder, SecurityProperties properties) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
		this.properties = properties;
		String configured = properties.adminPassword();
		if (configured != null && !configured.isBlank() && !StaffPasswords.fits(configured)) {
			throw new IllegalStateException("PULSE_ADMIN_PASSWORD " + StaffPasswords.TOO_LONG
					+ " (bcrypt reads no more); choose a shorter one");
		}
	}

	@Override
	public Mono<Void> run() {
		return this.accounts.anyAdmin().filter((present) -> !present).flatMap((absent) -> createAdmin()).then();
	}

	private Mono<Void> createAdmin() {
		String configured = this.properties.adminPassword();
		boolean generated = (configured == null || configured.isBlank());
		String password = generated ? generatePassword() : configured;
		return Mono.fromCallable(() -> this.passwordEncoder.encode(password))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((hash) -> this.accounts.insertIfAbsent(ADMIN_USERNAME, hash, StaffRole.ADMIN))
			.doOnNext((account) -> {
				if (generated) {
					logger.warn("\n\n    Created the administrator account '{}' with the generated password: {}\n"
							+ "    It is shown only this once. Set PULSE_ADMIN_PASSWORD to choose it yourself.\n",
							ADMIN_USERNAME, password);
				}
				else {
					logger.info("Created the administrator account '{}' with the password from PULSE_ADMIN_PASSWORD",
							ADMIN_USERNAME);
				}
			})
			.then()
			// Empty: another instance won the race (fine), or 'admin' is someone else's username.
			.switchIfEmpty(this.accounts.anyAdmin()
				.filter((present) -> !present)
				.doOnNext((absent) -> logger.warn("No administrator exists and the username '{}' belongs to "
						+ "another role; promote an account in the staff_account table", ADMIN_USERNAME))
				.then());
	}

	private static String generatePassword() {
		byte[] bytes = new byte[18];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
