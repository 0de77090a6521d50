-- A timestamp as the API writes it: ISO-8601 in UTC, the fraction in groups of three digits, as Java's
-- DateTimeFormatter.ISO_INSTANT does.
create function iso_instant(t timestamptz) returns text
    language sql stable strict parallel safe as $$
    select to_char(u, 'YYYY-MM-DD"T"HH24:MI:SS')
        || case
               when to_char(u, 'US') = '000000' then ''
               when right(to_char(u, 'US'), 3) = '000' then '.' || left(to_char(u, 'US'), 3)
               else '.' || to_char(u, 'US')
           end
        || 'Z'
    from (select t at time zone 'UTC' as u) utc
$$;

-- A comment's public JSON exactly as the REST API writes it (same keys, order and compact form), so that a
-- comment can be published and its event written in one statement. It has no email parameter on purpose.
create function comment_json(id bigint, article_slug text, parent_id bigint, author_name text, body text,
                             created_at timestamptz, status text) returns text
    language sql stable parallel safe as $$
    select row_to_json(p)::text
    from (select id, article_slug as "articleSlug", parent_id as "parentId", author_name as "authorName", body,
                 iso_instant(created_at) as "createdAt", status) p
$$;
