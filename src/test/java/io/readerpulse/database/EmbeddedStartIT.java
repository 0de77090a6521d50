package io.readerpulse.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.readerpulse.ReaderPulseApplication;
import io.readerpulse.TestDatabase;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The service as a newcomer runs it: no database configured, so an embedded PostgreSQL in the data folder,
 * the first administrator's password printed once, the demo story loaded, and everything still there after
 * a restart; the service connected as a role that is no superuser, a data folder of an earlier version
 * included.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedStartIT {

	private static final Pattern GENERATED_PASSWORD = Pattern.compile("generated password: (\\S+)");

	private Path dataDirectory;

	@BeforeEach
	void createFolder() throws IOException {
		this.dataDirectory = Files.createTempDirectory("reader-pulse-data");
	}

	@AfterEach
	void deleteFolder() {
		TestDatabase.deleteRecursively(this.dataDirectory);
	}

	@Test
	void firstStartCreatesAdminAndDemoStoryAndARestartKeepsEverything(CapturedOutput output) {
		String password;
		String slug = "restart-proof-story";
		try (ConfigurableApplicationContext first = start()) {
			WebTestClient client = clientFor(first);
			awaitReady(client);
			Matcher matcher = GENERATED_PASSWORD.matcher(output.getOut());
			assertThat(matcher.find()).as("the generated admin password is printed").isTrue();
			password = matcher.group(1);
			client.get().uri("/api/articles/kim-putin-limousine-video-viral").exchange()
				.expectStatus().isOk()
				.expectBody().jsonPath("$.title").isEqualTo("Kim had fun with the driver Putin, the video went viral");
			client.put().uri("/api/articles/{slug}", slug)
				.headers((headers) -> headers.setBasicAuth("admin", password))
				.bodyValue(Map.of("title", "Written before the restart", "url", "https://news.example.com/r"))
				.exchange()
				.expectStatus().isCreated();
		}
		int printedBefore = output.getOut().length();

		try (ConfigurableApplicationContext second = start()) {
			WebTestClient client = clientFor(second);
			awaitReady(client);
			String afterRestart = output.getOut().substring(printedBefore);
			assertThat(afterRestart).as("the password is printed only once").doesNotContain("generated password");
			assertThat(afterRestart).as("an existing database keeps its stories").doesNotContain("demo stories");
			client.get().uri("/api/articles/{slug}", slug).exchange()
				.expectStatus().isOk()
				.expectBody().jsonPath("$.title").isEqualTo("Written before the restart");
			client.delete().uri("/api/articles/{slug}", slug)
				.headers((headers) -> headers.setBasicAuth("admin", password))
				.exchange()
				.expectStatus().isNoContent();
		}
	}

	@Test
	void configuredAdminPasswordIsUsedAndNeverPrinted(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("PULSE_ADMIN_PASSWORD=configured-admin-pw",
				"pulse.demo=false")) {
			WebTestClient client = clientFor(context);
			awaitReady(client);
			client.get().uri("/api/staff")
				.headers((headers) -> headers.setBasicAuth("admin", "configured-admin-pw"))
				.exchange()
				.expectStatus().isOk();
			client.get().uri("/api/articles").exchange()
				.expectStatus().isOk()
				.expectBody().jsonPath("$.items").isEmpty();
		}
		assertThat(output.getOut()).doesNotContain("configured-admin-pw").doesNotContain("generated password");
	}

	@Test
	void theServiceConnectsAsARoleThatIsNoSuperuser() {
		try (ConfigurableApplicationContext context = start("pulse.demo=false")) {
			WebTestClient client = clientFor(context);
			awaitReady(client);
			client.get().uri("/api/articles").exchange().expectStatus().isOk();
			assertThat(serviceRole(context)).containsEntry("name", "pulse").containsEntry("rolsuper", false);
		}
	}

	@Test
	void aDataFolderOfAnEarlierVersionKeepsItsStoriesAndAsksForPasswordsFromNowOn() throws IOException, SQLException {
		// What earlier versions left: a cluster that lets everyone in, its tables owned by the superuser.
		try (EmbeddedPostgres earlier = EmbeddedPostgres.builder()
			.setDataDirectory(this.dataDirectory.resolve("postgres"))
			.setCleanDataDirectory(false)
			.setRegisterShutdownHook(false)
			.start(); Connection connection = earlier.getPostgresDatabase().getConnection()) {
			Flyway.configure().dataSource(earlier.getPostgresDatabase()).load().migrate();
			connection.createStatement().execute("""
					with a as (insert into article (slug, title, url, published_at, updated_at)
					           values ('kept-story', 'Written before the upgrade', 'https://news.example.com/k', now(), now())
					           returning id)
					insert into article_stats (article_id) select id from a""");
		}

		try (ConfigurableApplicationContext context = start("pulse.demo=false")) {
			WebTestClient client = clientFor(context);
			awaitReady(client);
			client.get().uri("/api/articles/kept-story").exchange()
				.expectStatus().isOk()
				.expectBody().jsonPath("$.title").isEqualTo("Written before the upgrade");
			assertThat(serviceRole(context)).containsEntry("rolsuper", false);
			int port = context.getBean(EmbeddedPostgresServer.class).port();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> DriverManager
				.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "").close());
		}
	}

	private static Map<String, Object> serviceRole(ConfigurableApplicationContext context) {
		return context.getBean(DatabaseClient.class)
			.sql("select current_user::text as name, rolsuper from pg_roles where rolname = current_user")
			.fetch()
			.one()
			.block(Duration.ofSeconds(10));
	}

	private ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(ReaderPulseApplication.class)
			.properties("PULSE_DATA_DIR=" + this.dataDirectory)
			.properties(properties)
			// An argument, not a default property: application.yaml's server.port would win over that.
			.run("--server.port=0");
	}

	private static WebTestClient clientFor(ConfigurableApplicationContext context) {
		String port = context.getEnvironment().getProperty("local.server.port");
		return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
	}

	private static void awaitReady(WebTestClient client) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> client.get().uri("/actuator/health/readiness")
			.exchange()
			.expectStatus().isOk());
	}

}
