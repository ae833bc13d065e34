"""`coach guidance ...`: add, list, remove and search the guidance library."""

from __future__ import annotations

from pathlib import Path

import typer

from coach.access import OPERATOR
from coach.cli.common import FORMAT_HELP, check_format, context, emit_json, reports_errors
from coach.guidance.preference import GuidanceSettings

app = typer.Typer(help="The guidance library: add your documents, list, remove, search.",
                  no_args_is_help=True)


@app.command("add")
@reports_errors
def add(ctx: typer.Context,
        paths: list[Path] = typer.Argument(..., help=".md, .txt, .html or .pdf files.")) -> None:
    """Add documents (re-adding a file updates it instead of duplicating it)."""
    service = context(ctx).guidance
    with typer.progressbar(length=1, label="Embedding passages", file=None) as bar:
        state = {"last": 0}

        def progress(done: int, total: int, _stage: str) -> None:
            bar.length = max(total, 1)
            bar.update(done - state["last"])
            state["last"] = done

        results = service.add_files(OPERATOR, paths, progress=progress)
    for result in results:
        typer.echo(f"{result.status:9} {result.passages:4d} passages  {result.source}")


@app.command("list")
@reports_errors
def list_(ctx: typer.Context, format: str = typer.Option("text", "--format", help=FORMAT_HELP,
                                                         callback=check_format)) -> None:
    """List documents in the library."""
    docs = context(ctx).guidance.list_documents()
    if format == "json":
        emit_json([{"id": d.id, "source": d.source, "title": d.title, "passages": d.passages,
                    "default": d.is_default} for d in docs])
        return
    for d in docs:
        typer.echo(f"{d.id:4d}  {d.passages:4d} passages  {d.title}  [{d.source}]")


@app.command("remove")
@reports_errors
def remove(ctx: typer.Context, source: str = typer.Argument(
        ..., help="The document's path, file name or id (see `coach guidance list`).")) -> None:
    """Remove a document and its passages."""
    info = context(ctx).guidance.remove(OPERATOR, source)
    typer.echo(f"removed {info.passages} passages  {info.source}")


@app.command("search")
@reports_errors
def search(ctx: typer.Context, query: str = typer.Argument(..., help="A question or a few words."),
           k: int = typer.Option(5, "--k", help="How many passages (1-100)."),
           tag: list[str] = typer.Option([], "--tag", help="Only passages with this tag."),
           source: list[str] = typer.Option([], "--source", help="Only this document's passages."),
           mode: str = typer.Option("hybrid", "--mode", help="hybrid, dense or bm25."),
           prefer_program: bool = typer.Option(None, "--prefer-program/--no-prefer-program",
                                               help="Put the program's own documents first when they "
                                                    "answer as well (default: the program's setting)."),
           rerank: bool = typer.Option(None, "--rerank/--no-rerank",
                                       help="Re-order the top results with the learned passage "
                                            "re-ranker, for this search (default: the program's "
                                            "setting)."),
           format: str = typer.Option("text", "--format", help=FORMAT_HELP,
                                      callback=check_format)) -> None:
    """Search the library (dense + BM25, fused), best first."""
    hits = context(ctx).guidance.search(query, k=k, tags=tag or None, sources=source or None,
                                        mode=mode, prefer_program=prefer_program, rerank=rerank)
    if format == "json":
        emit_json([hit.to_dict() for hit in hits])
        return
    if not hits:
        typer.echo("No passages matched. Try other words, or remove the filters.")
    for hit in hits:
        typer.echo(f"{hit.rank}. {hit.title}  [{hit.passage_id}, {hit.source}]  score {hit.score:.4f}")
        typer.echo(f"   {hit.text[:240].replace(chr(10), ' ')}{'…' if len(hit.text) > 240 else ''}")


@app.command("reindex")
@reports_errors
def reindex(ctx: typer.Context) -> None:
    """Rebuild the index files from the database."""
    service = context(ctx).guidance
    service.index.reset_files()
    status = service.ensure_index()
    typer.echo(f"indexed {status.passages} passages")


@app.command("settings")
@reports_errors
def settings(ctx: typer.Context,
             prefer_program: bool = typer.Option(None, "--prefer-program/--no-prefer-program",
                                                 help="Put the program's own documents first when they "
                                                      "answer a question as well as the default library."),
             rerank: bool = typer.Option(None, "--rerank/--no-rerank",
                                         help="Re-order the search's top passages with the learned "
                                              "passage ranker (models/passage_ranker.md)."),
             format: str = typer.Option("text", "--format", help=FORMAT_HELP,
                                        callback=check_format)) -> None:
    """Show the program's guidance settings, or change them."""
    service = context(ctx).guidance
    current = service.settings_for_program()
    if prefer_program is not None or rerank is not None:
        current = GuidanceSettings(
            prefer_program_documents=current.prefer_program_documents if prefer_program is None
            else prefer_program, program_boost=current.program_boost,
            rerank=current.rerank if rerank is None else rerank)
        service.save_settings(OPERATOR, current)
    if format == "json":
        emit_json(current.to_dict())
        return
    state = "on" if current.prefer_program_documents else "off"
    typer.echo(f"prefer the program's own documents: {state}")
    typer.echo(f"re-rank search results: {'on' if current.rerank else 'off'}")
