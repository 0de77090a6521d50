package io.readerpulse.comment;

import java.util.List;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.Parameter;

/**
 * The statements that publish and remove comments, each written out whole, and how comments are bound to
 * them.
 * <p>
 * The row lock on the story's {@code article_stats} orders its events: sequence numbers are gap-free and
 * commit in order. Each statement also reads the trending landmark {@code FOR SHARE}, so a landmark move
 * waits for it and it never adds to counters relative to a landmark that is being replaced.
 * <p>
 * The statements that add a comment also apply the duplicate rule: a comment is not written when its sender
 * posted the same body on the story within {@code pulse.comments.duplicate-window} ({@code :window}, in
 * seconds), whatever that comment's status. Double submits and copy-paste floods are refused. The email plays
 * no part, so that the answer tells nobody whose email wrote a comment. The write checks it rather than a
 * query before it, which was a round trip of its own for every comment, and which two requests of a double
 * click, both asking before either was written, both passed. It finds the text by its digest (V15), so that
 * its cost does not grow with what the sender wrote before: readers behind one address are one sender.
 */
final class CommentStatements {

	/**
	 * A batch of published comments, their events, the count and the trending weight in one statement: one
	 * round trip and one update of the story's row for the whole batch. Ids are drawn in arrival order, so
	 * ids, event numbers and arrival agree. The event payload is built by {@code comment_json} (V7), which
	 * has no email parameter, and comes back with each comment for the open streams, which need not read it.
	 * <p>
	 * A duplicate is not written and takes no event number: no row comes back for it, and
	 * {@code n} tells which comment of the batch each row is. The earlier comment is looked up for each new
	 * one ({@code lateral ... limit 1}, which the planner cannot turn into a join): as a {@code not exists},
	 * the plan the connection keeps for the statement read every recent comment of the story's sender and
	 * hashed their texts.
	 * <p>
	 * The comments come as arrays, one per column, {@code :parents}, {@code :names}, {@code :emails},
	 * {@code :bodies} and {@code :senders}; a lone comment goes with {@link #INSERT_ONE_PUBLISHED}.
	 */
	static final String INSERT_PUBLISHED = publishingFrom(
			"unnest(:parents::bigint[], :names::text[], :emails::text[], :bodies::text[], :senders::bigint[])");

	/**
	 * {@link #INSERT_PUBLISHED} for a lone comment, the usual batch, with {@code :parent}, {@code :name},
	 * {@code :email}, {@code :body} and {@code :sender}: a statement whose plan PostgreSQL keeps. For an
	 * array bound as a parameter the planner assumes ten elements, so the plan it would keep, made without
	 * the values, looks dearer than one made for each comment, and PostgreSQL planned the statement again
	 * every time: more than half of its time in the database. An array built of one parameter is known to
	 * hold one element, and after its first five runs the connection keeps a plan (see
	 * {@code PublishingStatementIT}).
	 */
	static final String INSERT_ONE_PUBLISHED = publishingFrom(
			"unnest(array[:parent::bigint], array[:name::text], array[:email::text], array[:body::text], "
					+ "array[:sender::bigint])");

	private static String publishingFrom(String comments) {
		return """
			with landmark as (select landmark from trending_landmark where id = 1 for share),
			     numbered as (select nextval(pg_get_serial_sequence('comment', 'id')) as id,
			                         row_number() over (order by i.n) as k, i.*
			                  from {comments} with ordinality as i(parent_id, author_name, email, body, sender, n)
			                       left join lateral (select true as found from comment d
			                                          where d.article_id = :article and d.sender = i.sender
			                                            and md5(d.body) = md5(i.body) and d.body = i.body
			                                            and d.created_at > now() - make_interval(secs => :window)
			                                          limit 1) earlier on true
			                  where earlier.found is null),
			     total as (select count(*) as count from numbered),
			     c as (insert into comment (id, article_id, parent_id, author_name, email, body, status, sender)
			           overriding system value
			           select id, :article, parent_id, author_name, email, body, 'PUBLISHED', sender from numbered
			           returning *),
			     p as (select c.*, a.slug, numbered.n, numbered.k from c join article a on a.id = c.article_id
			           join numbered on numbered.id = c.id),
			     advanced as (update article_stats s
			                  set event_seq = s.event_seq + total.count, comments = s.comments + total.count,
			                      n_fast = s.n_fast + :weight * total.count * forward_decay_weight(:decayNow, landmark.landmark, :tauFast),
			                      n_trend = s.n_trend + :weight * total.count * forward_decay_weight(:decayNow, landmark.landmark, :tauTrend),
			                      n_base = s.n_base + :weight * total.count * forward_decay_weight(:decayNow, landmark.landmark, :tauBase)
			                  from landmark, total where s.article_id = :article and total.count > 0
			                  returning s.event_seq, s.comments),
			     e as (insert into comment_event (article_id, seq, kind, comment_id, data)
			           select :article, advanced.event_seq - total.count + p.k, 'comment', p.id,
			                  comment_json(p.id, p.slug, p.parent_id, p.author_name, p.body, p.created_at, p.status)
			           from advanced, total, p
			           returning comment_id, data)
			select p.n, p.id, p.article_id, p.slug, p.parent_id, p.author_name, p.email, p.body, p.created_at, p.status,
			       advanced.event_seq - total.count + p.k as event_seq, advanced.comments - total.count + p.k as comments,
			       e.data as event_data
			from p cross join total left join e on e.comment_id = p.id left join advanced on true
			order by p.n""".replace("{comments}", comments);
	}

	/**
	 * The publishing statement for these comments, with them bound: {@link #INSERT_ONE_PUBLISHED} for a lone
	 * one, else {@link #INSERT_PUBLISHED}.
	 * @param database where it runs
	 * @param comments the comments, at least one, repeats already taken out
	 * @return the statement, still to be given the story, the duplicate window and the trending weights
	 */
	static GenericExecuteSpec publish(DatabaseClient database, List<NewComment> comments) {
		if (comments.size() == 1) {
			return withComment(database.sql(INSERT_ONE_PUBLISHED), comments.get(0));
		}
		return database.sql(INSERT_PUBLISHED)
			.bind("parents", comments.stream().map((comment) -> comment.request().parentId()).toArray(Long[]::new))
			.bind("names", comments.stream().map((comment) -> comment.request().name()).toArray(String[]::new))
			.bind("emails", comments.stream().map((comment) -> comment.request().email()).toArray(String[]::new))
			.bind("bodies", comments.stream().map((comment) -> comment.request().body()).toArray(String[]::new))
			.bind("senders", comments.stream().map(NewComment::sender).toArray(Long[]::new));
	}

	/**
	 * Binds the one comment of a statement that takes it as {@code :parent}, {@code :name}, {@code :email},
	 * {@code :body} and {@code :sender} ({@link #INSERT_ONE_PUBLISHED}, {@link #INSERT_HELD}).
	 */
	static GenericExecuteSpec withComment(GenericExecuteSpec statement, NewComment comment) {
		PostCommentRequest request = comment.request();
		return statement.bind("parent", Parameter.fromOrEmpty(request.parentId(), Long.class))
			.bind("name", request.name())
			.bind("email", request.email())
			.bind("body", request.body())
			.bind("sender", comment.sender());
	}

	/**
	 * A comment held for moderation, unless it is a duplicate: then nothing is written and no row comes back.
	 */
	static final String INSERT_HELD = """
			with c as (insert into comment (article_id, parent_id, author_name, email, body, status, sender)
			           select :article, :parent, :name, :email, :body, 'PENDING', :sender
			           where not exists (select 1 from comment d where d.article_id = :article
			                             and d.sender = :sender and md5(d.body) = md5(:body)
			                             and d.body = :body
			                             and d.created_at > now() - make_interval(secs => :window))
			           returning *)
			select c.id, c.article_id, a.slug, c.parent_id, c.author_name, c.email, c.body, c.created_at, c.status
			from c join article a on a.id = c.article_id""";

	/**
	 * The event of one comment published ({@code :delta} 1, kind {@code comment}, payload from the stored
	 * row) or removed ({@code :delta} -1, kind {@code comment-removed}, payload {@code :data}).
	 */
	static final String EVENT = """
			with landmark as (select landmark from trending_landmark where id = 1 for share),
			     advanced as (update article_stats s
			                  set event_seq = s.event_seq + 1, comments = s.comments + :delta,
			                      n_fast = s.n_fast + :weight * forward_decay_weight(:decayNow, landmark.landmark, :tauFast),
			                      n_trend = s.n_trend + :weight * forward_decay_weight(:decayNow, landmark.landmark, :tauTrend),
			                      n_base = s.n_base + :weight * forward_decay_weight(:decayNow, landmark.landmark, :tauBase)
			                  from landmark where s.article_id = :article returning s.event_seq, s.comments),
			     e as (insert into comment_event (article_id, seq, kind, comment_id, data)
			           select :article, advanced.event_seq, :kind, :comment,
			                  coalesce(cast(:data as text),
			                           (select comment_json(p.id, a.slug, p.parent_id, p.author_name, p.body, p.created_at, p.status)
			                            from comment p join article a on a.id = p.article_id where p.id = :comment))
			           from advanced
			           returning seq)
			select e.seq, advanced.comments from e, advanced""";

	/** A comment's new status, with the one it had. */
	static final String CHANGE_STATUS = """
			with old as (select id, status from comment where id = :id for update),
			     c as (update comment c set status = :status from old where c.id = old.id returning c.*)
			select c.id, c.article_id, a.slug, c.parent_id, c.author_name, c.email, c.body, c.created_at, c.status,
			       old.status as previous
			from c join old on old.id = c.id join article a on a.id = c.article_id""";

	/** Deletes a comment and tells its story and the status it had. */
	static final String DELETE = """
			with old as (select id, article_id, status from comment where id = :id for update),
			     gone as (delete from comment c using old where c.id = old.id returning c.id)
			select old.article_id, old.status from old join gone on gone.id = old.id""";

	private CommentStatements() {
	}

}
