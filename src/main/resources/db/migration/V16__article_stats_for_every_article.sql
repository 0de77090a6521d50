-- Every story has its counters row. The service writes it with the story, but a story written by hand (a
-- newsroom's own migration, an operator's fix) had none, and a comment, whose statement locks and advances
-- that row, was answered 500. The database now makes the row itself; the service's own inserts of it stay,
-- and the trigger's insert gives way to them. Stories are published seldom: a row trigger costs nothing that
-- matters.
insert into article_stats (article_id)
select id from article
on conflict do nothing;

create function article_stats_for_article() returns trigger language plpgsql as $$
begin
    insert into article_stats (article_id) values (new.id) on conflict do nothing;
    return null;
end
$$;

create trigger article_stats_for_article after insert on article
    for each row execute function article_stats_for_article();
