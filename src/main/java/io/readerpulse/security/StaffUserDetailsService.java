package io.readerpulse.security;

import reactor.core.publisher.Mono;

import io.readerpulse.web.StorableText;

import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.stereotype.Service;

/**
 * Looks staff members up for sign-in. Password checks run on a worker pool (Spring Security's default for
 * reactive authentication), never on an event loop: adaptive hashes are deliberately slow.
 */
@Service
final class StaffUserDetailsService implements ReactiveUserDetailsService {

	private final StaffAccounts accounts;

	StaffUserDetailsService(StaffAccounts accounts) {
		this.accounts = accounts;
	}

	@Override
	public Mono<UserDetails> findByUsername(String username) {
		if (!StorableText.isStorable(username)) {
			// No account can have such a name; it is refused like any unknown one.
			return Mono.empty();
		}
		return this.accounts.findByUsername(username)
			.map((account) -> User.withUsername(account.username())
				.password(account.passwordHash())
				.roles(account.role().grantedRoles().toArray(String[]::new))
				.build());
	}

}
