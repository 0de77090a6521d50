-- V7's functions again, each now a single expression, which the planner writes into the statements that call
-- them. Written as selects from a subquery, they could not be: every statement that called them had their
-- bodies parsed and planned again each time it ran, about a tenth of the database's time for a published
-- comment. Their output is the same, character for character (CommentApiIT compares it with the API's).

-- The keys of a comment's public JSON, in the API's order.
create type comment_payload as (id bigint, "articleSlug" text, "parentId" bigint, "authorName" text, body text,
                                "createdAt" text, status text);

-- No longer strict: a strict function is inlined only if its expression is strict too, and a case is not. A
-- null time still gives null, through to_char.
create or replace function iso_instant(t timestamptz) returns text
    language sql stable parallel safe as $$
    select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
        || case
               when to_char(t at time zone 'UTC', 'US') = '000000' then ''
               when right(to_char(t at time zone 'UTC', 'US'), 3) = '000'
                   then '.' || left(to_char(t at time zone 'UTC', 'US'), 3)
               else '.' || to_char(t at time zone 'UTC', 'US')
           end
        || 'Z'
$$;

create or replace function comment_json(id bigint, article_slug text, parent_id bigint, author_name text, body text,
                                        created_at timestamptz, status text) returns text
    language sql stable parallel safe as $$
    select row_to_json(row(id, article_slug, parent_id, author_name, body, iso_instant(created_at),
                           status)::comment_payload)::text
$$;
