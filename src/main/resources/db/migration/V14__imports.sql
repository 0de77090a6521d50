-- Comments brought from another system, by the id they had there, so that importing the same export again (or
-- a newer one of the same site) adds only what is new. No foreign key to comment: a moderator's deletion of an
-- imported comment must survive the next import of the same file.
create table imported_comment (
    source      text   not null,
    site        text   not null,
    original_id text   not null,
    comment_id  bigint not null,
    primary key (source, site, original_id)
);

-- An import adds history, not live comments: its stories get one 'reset' event, which makes open and resuming
-- streams reload the comment list, so the list and the event numbers stay consistent.
alter table comment_event drop constraint comment_event_kind_check;
alter table comment_event add constraint comment_event_kind_check
    check (kind in ('comment', 'comment-removed', 'reset'));
