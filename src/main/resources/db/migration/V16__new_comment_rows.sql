-- The comments of one publishing batch as rows, numbered in arrival order (see CommentStatements).
-- The publishing statement read them straight from unnest() of its array parameters. A plan made once for
-- every later run cannot know the arrays, and the planner takes such an unnest for a hundred rows: that plan
-- then looked far dearer than one made for the batch at hand, so PostgreSQL planned the statement anew for
-- every comment, about half of the database's time for a comment (0.5 ms of 1 ms; 1.5 ms with cold caches).
-- Most batches are one comment. Declared as one row, and kept out of line (volatile, so that the planner does
-- not inline it and find the unnest again), the statement is planned a few times per connection and then
-- runs as planned. A larger batch runs the same plan, which looks its comments up one by one as it should.
create function new_comment_rows(parents bigint[], names text[], emails text[], bodies text[], senders bigint[])
    returns table (parent_id bigint, author_name text, email text, body text, sender bigint, n bigint)
    language sql volatile rows 1 as $$
    select * from unnest(parents, names, emails, bodies, senders) with ordinality
$$;
