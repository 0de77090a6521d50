package io.readerpulse.security;

import java.net.URI;
import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.readerpulse.web.ConflictException;
import io.readerpulse.web.InvalidRequestException;
import io.readerpulse.web.NotFoundException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Staff account administration, for administrators: create, list and remove editors, moderators and other
 * administrators. Password hashes never leave the service.
 */
@RestController
@RequestMapping("/api/staff")
final class StaffController {

	private final StaffAccounts accounts;

	private final PasswordEncoder passwordEncoder;

	StaffController(StaffAccounts accounts, PasswordEncoder passwordEncoder) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
	}

	@Operation(operationId = "createStaffMember", summary = "Create a staff account", tags = "staff")
	@ApiResponse(responseCode = "201", description = "The new account")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@ApiResponse(responseCode = "409", ref = "Conflict")
	@PostMapping
	Mono<ResponseEntity<StaffMember>> create(@Valid @RequestBody CreateStaffRequest request) {
		if (!StaffPasswords.fits(request.password())) {
			return Mono.error(new InvalidRequestException("password", StaffPasswords.TOO_LONG));
		}
		return Mono.fromCallable(() -> this.passwordEncoder.encode(request.password()))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((hash) -> this.accounts.insertIfAbsent(request.username(), hash, request.role()))
			.switchIfEmpty(Mono.error(() -> new ConflictException(
					"The username '" + request.username() + "' is already taken.")))
			.map((account) -> ResponseEntity.created(URI.create("/api/staff/" + account.username()))
				.body(StaffMember.of(account)));
	}

	@Operation(operationId = "listStaffMembers", summary = "List staff accounts", tags = "staff")
	@GetMapping
	Flux<StaffMember> list() {
		return this.accounts.findAll().map(StaffMember::of);
	}

	@Operation(operationId = "deleteStaffMember", summary = "Delete a staff account", tags = "staff")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@DeleteMapping("/{username}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(@PathVariable String username) {
		return this.accounts.delete(username)
			.filter((deleted) -> deleted > 0)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("No staff account '" + username + "'.")))
			.then();
	}

	/**
	 * A new staff account.
	 *
	 * @param username the sign-in name
	 * @param password the initial password
	 * @param role what the account may do
	 */
	record CreateStaffRequest(
			@NotNull @Pattern(regexp = "[a-z0-9._-]{3,40}",
					message = "must be 3 to 40 lower-case letters, digits, dots, dashes or underscores") String username,
			@NotNull @Size(min = 12, max = 128, message = "must be 12 to 128 characters") String password,
			@NotNull StaffRole role) {
	}

	/**
	 * A staff account as shown to administrators.
	 *
	 * @param username the sign-in name
	 * @param role what the account may do
	 * @param createdAt when the account was created
	 */
	record StaffMember(String username, StaffRole role, Instant createdAt) {

		static StaffMember of(StaffAccount account) {
			return new StaffMember(account.username(), account.role(), account.createdAt());
		}

	}

}
