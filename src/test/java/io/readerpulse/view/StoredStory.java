package io.readerpulse.view;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import io.readerpulse.database.DatabaseUrl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A story straight in PostgreSQL, for tests that run a service of their own and check what it stored
 * without going through it.
 */
final class StoredStory {

	private StoredStory() {
	}

	static void insert(DatabaseUrl url, String slug) throws SQLException {
		try (Connection connection = connect(url);
				PreparedStatement insert = connection.prepareStatement("""
						with a as (insert into article (slug, title, url, published_at, updated_at)
						           values (?, 'Stored story', 'https://news.example.com/s', now(), now()) returning id)
						insert into article_stats (article_id) select id from a""")) {
			insert.setString(1, slug);
			insert.executeUpdate();
		}
	}

	static long views(DatabaseUrl url, String slug) throws SQLException {
		return count(url, slug,
				"select s.views from article_stats s join article a on a.id = s.article_id where a.slug = ?");
	}

	static long uniqueVisitors(DatabaseUrl url, String slug) throws SQLException {
		return count(url, slug,
				"select s.unique_visitors from article_stats s join article a on a.id = s.article_id where a.slug = ?");
	}

	private static long count(DatabaseUrl url, String slug, String query) throws SQLException {
		try (Connection connection = connect(url); PreparedStatement select = connection.prepareStatement(query)) {
			select.setString(1, slug);
			try (ResultSet result = select.executeQuery()) {
				assertThat(result.next()).isTrue();
				return result.getLong(1);
			}
		}
	}

	private static Connection connect(DatabaseUrl url) throws SQLException {
		return DriverManager.getConnection(url.jdbcUrl(), url.username(), url.password());
	}

}
