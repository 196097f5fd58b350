"""`newsroom site build`: the static website, from the projections or from the past; and
`newsroom preview`: one article's page before it is published."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.commands import ArticleIdArg, AsOfOption, ForceOption, app, site_app
from cli.options import settings

if TYPE_CHECKING:
    from cli.bootstrap import Session
    from website.pages import SiteContent


@site_app.command("build")
def site_build(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="The site's folder; each build replaces it whole.")
    ],
    as_of: AsOfOption = None,
) -> None:
    """Render the News line, every article, tombstones, language pages and feeds into DIR."""
    from cli import render
    from cli.bootstrap import open_session
    from cli.times import parse_as_of
    from events.inert import inert
    from images.folder import MediaFolder
    from website.build import Where, build, content_now, content_then
    from website.folder import check_target

    current = settings()
    check_target(directory)  # refused before the store is even opened
    with open_session(current, catch_up_first=as_of is None) as session:
        if as_of is None:
            content, label = content_now(session.views), None
            content = replace(content, evidence=evidence(session, content))
        else:
            moment = parse_as_of(as_of, current.tz, session.store)
            content, label = content_then(session.store, moment), moment.label
    where = Where(directory, current.site_url, current.tz)
    media = MediaFolder(current.media_dir)  # each photo checked, then cleaned of its metadata
    summary = build(content, where, media.public_bytes) | {"as_of": label}
    if current.json:
        render.print_json(summary)
        return
    render.say(
        False,
        summary,
        f"Built {summary['pages']} pages into {inert(str(summary['path']))}: "
        f"{summary['articles']} articles, {summary['retracted']} retracted, "
        f"{summary['photos']} photos.\n{inert(str(summary['index']))}",
    )


def evidence(session: Session, content: SiteContent) -> dict[str, bytes]:
    """The proof the site carries: the latest checkpoint, a receipt per published article,
    and the script that checks them. None when the newsroom cannot sign a checkpoint."""
    import json
    from importlib.resources import files

    from cli.commands.proofs import inclusion_receipt, latest_signed
    from events.catalog import PUBLISHED
    from events.errors import NewsroomError
    from website.pages import receipt_path

    try:
        signed = latest_signed(session)
    except NewsroomError as refusal:
        from cli.render import warn

        warn(f"the site carries no receipts: {refusal}")
        return {}
    found = {"checkpoint.txt": signed.note().encode()}
    found["verify-receipt.py"] = (files("website") / "evidence" / "verify-receipt.py").read_bytes()
    for view in content.articles:
        if view.status == PUBLISHED:
            receipt = inclusion_receipt(session, view.article_id, None, signed)
            found[receipt_path(view.article_id)] = json.dumps(receipt).encode()
    return found


@app.command()
def preview(
    article_id: ArticleIdArg,
    out: Annotated[
        Path | None, typer.Option(help="Write the page to this new file (default, or -: stdout).")
    ] = None,
    force: ForceOption = False,
) -> None:
    """The article's page as it would be published, before it is (writes nothing to the log)."""
    from cli.bootstrap import open_session
    from cli.output_file import output_file, refuse_unsafe_output, to_stdout
    from events.catalog import SPIKED
    from events.errors import NotFound, RuleRefused
    from events.inert import inert
    from events.instants import utc_iso
    from website.pages import preview_page

    current = settings()
    if out is not None and not to_stdout(out):  # refused before the store is opened
        refuse_unsafe_output(out, force=force, store_url=current.store_url)
    with open_session(current) as session:
        view = session.views.article(article_id)
        with session.store.locked() as log:  # the store's clock: what a publication is stamped
            now = utc_iso(log.recorded_now())
    if view is None:
        raise NotFound(f"There is no article {article_id}.")
    if view.status == SPIKED:
        raise RuleRefused(f"Article {article_id} is spiked: it will never be published.")
    page = preview_page(view, current.tz, now)
    with output_file(out, force=force, store_url=current.store_url) as handle:
        handle.write(page.decode("utf-8"))
    if not to_stdout(out):
        print(inert(f"Wrote the preview of article {article_id} to {out}."))
