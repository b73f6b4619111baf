"""From a file read to a round: map it onto an instrument, score its answers, preview it in
full, then commit it in one transaction (the only write)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from carenet_dash.errors import ImportRefused, NoInstrumentMatches, NotFound
from carenet_dash.importers import (
    dates,
    personal,
    relations,
    repeats,
    values,
)
from carenet_dash.importers.mapping import (
    BY_CHOICE,
    ITEM,
    MAX_TO_CONFIRM,
    OPEN_QUESTION,
    RELATIONS,
    SEGMENT,
    ColumnMapping,
    Target,
    choose_instrument,
    match_columns,
    resolve_confirmations,
)
from carenet_dash.importers.reading import Export
from carenet_dash.importers.report import ImportReport
from carenet_dash.instrument import Instrument
from carenet_dash.instrument_files import shipped_instruments
from carenet_dash.responses import Responses, empty_comments
from carenet_dash.store import organisations, queries, writes
from carenet_dash.store.writes import RoundMeta


@dataclass(frozen=True)
class Preview:
    """An export mapped onto an instrument and turned into Responses, with its report."""

    export: Export
    mapping: ColumnMapping
    responses: Responses
    report: ImportReport
    problems: tuple[values.Problem, ...]  # cells that cannot be scored
    unknown_as_missing: bool
    network: str | None = None
    known_file: str | None = None  # "round X of network Y" when this exact file is stored

    @property
    def instrument(self) -> Instrument:
        return self.mapping.instrument

    def blockers(self) -> list[str]:
        """Why this cannot be committed as it stands (empty when it can)."""
        found = []
        if self.known_file:
            found.append(f"this exact file was already imported as {self.known_file}")
        uncertain = self.mapping.uncertain()
        if len(uncertain) > MAX_TO_CONFIRM:
            found.append(
                f"{len(uncertain)} columns match the instrument only roughly, more than the "
                f"{MAX_TO_CONFIRM} that can be confirmed by hand; check that it is the responses "
                "export, and make its headers match the statements' wording (or their ids)"
            )
        elif uncertain:
            names = ", ".join(
                f"{c.header!r} (maybe {c.target.id}, similarity {c.confidence:.2f})"  # type: ignore[union-attr]
                for c in uncertain[:5]
            )
            more = f" and {len(uncertain) - 5} more" if len(uncertain) > 5 else ""
            found.append(
                f"{len(uncertain)} column(s) match the instrument only roughly and need "
                f"confirming: {names}{more}. Confirm them on the Upload page, or with "
                "--map 'HEADER=ITEM_ID' on the command line (the choice is saved for this "
                "network), or make the headers match the statements"
            )
        for target, headers in self.mapping.clashes().items():
            found.append(
                f"columns {', '.join(map(repr, headers))} all feed {target.kind} {target.id}; "
                "keep one of them"
            )
        if self.problems and not self.unknown_as_missing:
            found.append(
                values.describe_problems(list(self.problems))
                + ". Correct the file, or treat such cells as missing"
            )
        if not self.mapping.used(ITEM):
            found.append("no column matches an item of the instrument")
        elif self.responses.respondent_count == 0:
            found.append(
                "no row has a scored answer, so there is nobody to import; check that the "
                "answers are in the file"
            )
        return found

    def refusal(self) -> str | None:
        blockers = self.blockers()
        return "; ".join(blockers) if blockers else None

    def ready(
        self,
        *,
        network: str | None,
        label: str,
        label_in_use: bool,
        replace: bool,
        fielded_on: dt.date | None = None,
    ) -> bool:
        """True when the round may be imported as it stands: nothing blocks the file, the
        network and the round are named, a label already in use is to be replaced, and a
        file whose responses span months has the round's date given."""
        named = bool((network or "").strip()) and bool(label.strip())
        dated = fielded_on is not None or not self.report.needs_date
        return named and dated and not self.blockers() and (replace or not label_in_use)

    def decisions(self) -> list[tuple[str, str, str | None]]:
        """The user's choices to save for the network: (column, target kind, target id)."""
        return [
            (c.header, c.target.kind, c.target.id)
            for c in self.mapping.columns
            if c.method == BY_CHOICE and c.target is not None
        ]


def _stored_network(engine: Engine, network: str | None) -> queries.NetworkInfo | None:
    """The network of this name if the store holds it (None for a new one)."""
    if not network:
        return None
    try:
        return queries.network_by_name(engine, network)
    except NotFound:
        return None


def saved_mappings(engine: Engine, network: str | None) -> dict[str, dict[str, Target]]:
    """The column choices confirmed for a network before, by instrument id."""
    info = _stored_network(engine, network)
    if info is None:
        return {}
    stored = queries.column_mappings(engine, info.id)
    return {
        instrument_id: {column: Target(kind, target) for column, (kind, target) in found.items()}
        for instrument_id, found in stored.items()
    }


def preview(
    export: Export,
    *,
    engine: Engine | None = None,
    network: str | None = None,
    instrument_id: str | None = None,
    chosen: Mapping[str, Target] | None = None,
    unknown_as_missing: bool = False,
    instruments: Mapping[str, Instrument] | None = None,
    confirm: Sequence[tuple[str, str]] = (),
) -> Preview:
    """Map an export onto the best-fitting instrument (or the one named) and build the round.

    Never writes. With an engine and a network name, uses the network's saved column choices
    and reports a file already stored and respondents already seen in its other rounds.
    """
    instruments = instruments if instruments is not None else shipped_instruments()
    saved = saved_mappings(engine, network) if engine is not None else {}
    columns = export.frame.columns
    if confirm:  # columns confirmed on the command line (--map HEADER=ITEM_ID)
        instrument_id, confirmed = resolve_confirmations(
            columns, confirm, instruments, instrument_id, saved
        )
        chosen = {**(chosen or {}), **confirmed}
    if instrument_id:
        if instrument_id not in instruments:
            known = ", ".join(sorted(instruments))
            raise NotFound(f"no instrument {instrument_id!r}; available: {known}")
        mapping = match_columns(
            columns,
            instruments[instrument_id],
            saved=saved.get(instrument_id),
            chosen=chosen,
        )
    else:
        ranked = choose_instrument(columns, instruments, saved=saved, chosen=chosen)
        if not ranked or ranked[0].strength == 0:
            raise NoInstrumentMatches(_no_match_message(export))
        mapping = ranked[0]
    known = _known_organisations(engine, network) if engine is not None else {}
    responses, report, problems = _build(export, mapping, unknown_as_missing, known)
    known_file = None
    if engine is not None:
        stored = queries.round_of_source(engine, export.sha256)
        if stored is not None:
            known_file = f"round {stored[0]!r} of network {stored[1]!r}"
        report = _with_overlap(report, engine, network, responses)
    return Preview(
        export=export,
        mapping=mapping,
        responses=responses,
        report=report,
        problems=tuple(problems),
        unknown_as_missing=unknown_as_missing,
        network=network,
        known_file=known_file,
    )


def _known_organisations(engine: Engine, network: str | None) -> dict[str, str]:
    """The spellings of the network's member organisations (none for a new network)."""
    info = _stored_network(engine, network)
    return {} if info is None else organisations.known_names(engine, info.id)


def _no_match_message(export: Export) -> str:
    headers = [c.header for c in export.frame.columns]
    shown = ", ".join(repr(h[:60]) for h in headers[:6]) or "none"
    return (
        f"no column of {export.source_name} matches an item of any instrument (its columns: "
        f"{shown}); check that it is the responses export, with a column per statement"
    )


def _with_overlap(
    report: ImportReport, engine: Engine, network: str | None, responses: Responses
) -> ImportReport:
    if not network:
        return report
    try:
        info = queries.network_by_name(engine, network)
    except NotFound:
        return report
    repeated = repeats.repeat_warnings(engine, info.id, responses)
    report = dataclasses.replace(report, warnings=(*report.warnings, *repeated))
    hashes = [h for h in responses.respondents["source_hash"].tolist() if h]
    seen = queries.rounds_with_respondents(engine, info.id, hashes)
    if not seen:
        return report
    where = ", ".join(f"{count} in round {label!r}" for label, count in seen.items())
    warning = (
        f"respondent ids already stored for this network ({where}): is this the same export "
        "again, or one that overlaps an earlier round?"
    )
    return dataclasses.replace(report, warnings=(*report.warnings, warning))


def _build(
    export: Export,
    mapping: ColumnMapping,
    unknown_as_missing: bool,
    known: Mapping[str, str] | None = None,
) -> tuple[Responses, ImportReport, list[values.Problem]]:
    instrument = mapping.instrument
    cells = export.frame.cells
    headers = {c.position: c.header for c in export.frame.columns}
    found = mapping.used(ITEM)
    item_ids = [i for i in instrument.items if i in found]
    positions = [found[i] for i in item_ids]
    block = values.read_items(
        cells[positions],
        [headers[p] for p in positions],
        [instrument.item_scales[i] for i in item_ids],
        export.format,
    )
    codes, problems = block.codes, block.problems
    blanked = np.zeros(len(item_ids), dtype=np.int64)
    if unknown_as_missing:
        failed = codes < values.BLANK
        blanked = failed.sum(axis=0)
        codes = np.where(failed, values.BLANK, codes).astype(np.int8)
    scored = (codes >= 1).any(axis=1)
    # A repeated respondent id is the same response exported twice: keep the latest row.
    hashes = export.hashes
    repeated = hashes.notna().to_numpy() & hashes.duplicated(keep="last").to_numpy() & scored
    kept_rows = np.flatnonzero(scored & ~repeated)
    kept_codes = codes[kept_rows]
    answered = kept_codes >= 0
    rows, cols = np.nonzero(answered)
    given = kept_codes[rows, cols]
    answers = pd.DataFrame(
        {
            "row": rows.astype("int64"),
            "item_id": _item_column(item_ids, cols),
            "score": pd.Series(block.scores(cols, given), dtype="Int8").mask(
                given == values.NOT_APPLICABLE
            ),
            "not_applicable": given == values.NOT_APPLICABLE,
        }
    )
    respondents = pd.DataFrame(
        {"source_hash": hashes.iloc[kept_rows].to_numpy(dtype=object)},
        index=pd.RangeIndex(len(kept_rows)),
    )
    warnings = list(export.notes)
    for segment in instrument.segments:
        position = mapping.used(SEGMENT).get(segment.id)
        if position is None or segment.organisations:  # read with the relations, below
            continue
        mapped = values.segment_values(cells[position].iloc[kept_rows], segment)
        respondents[segment.id] = mapped.values.to_numpy(dtype=object)
        if mapped.unmatched:
            examples = ", ".join(repr(v) for v in list(mapped.unmatched)[:3])
            stored = repr(mapped.stored_as) if mapped.stored_as else "not stated"
            warnings.append(
                f"{sum(mapped.unmatched.values())} answer(s) to {segment.label.lower()!r} are "
                f"not among its options (e.g. {examples}); stored as {stored}"
            )
    comments, redacted = _comments(cells, mapping, kept_rows)
    if redacted:
        warnings.append(
            f"{redacted} comment(s) held contact details (e-mail or IP address, phone or NHS "
            "number, postcode), now removed"
        )
    connections = _relations(export, mapping, kept_rows, unknown_as_missing, known or {})
    # Only when given: a file without the question hashes as it did before (see Responses).
    if instrument.organisation_segment is not None and connections.organisation.notna().any():
        respondents[instrument.organisation_segment.id] = connections.organisation.to_numpy()
    problems = [*problems, *connections.problems]
    warnings += connections.notes
    if connections.new:
        shown = ", ".join(repr(n) for n in connections.new[:5])
        more = f" and {len(connections.new) - 5} more" if len(connections.new) > 5 else ""
        warnings.append(
            f"{len(connections.new)} organisation(s) new to the network's list will be added: "
            f"{shown}{more}"
        )
    responses = Responses(
        respondents=respondents, answers=answers, comments=comments, ties=connections.ties
    )
    responses.validate(instrument)
    missing = mapping.missing_items()
    if item_ids and missing:
        warnings.append(
            f"{len(missing)} of the instrument's {len(instrument.items)} items are not in the "
            f"file ({', '.join(missing[:5])}{'…' if len(missing) > 5 else ''}); their "
            "dimensions are scored from the items present"
        )
    label, fielded = dates.suggest(export.dates.iloc[kept_rows])
    span = dates.long_span(export.dates.iloc[kept_rows])
    if span is not None:
        warnings.append(
            f"the responses span {dates.describe_span(span)}: the file may hold more than "
            "one round, and the round's date must be given"
        )
    counts = answers.groupby("item_id", observed=True)["not_applicable"].agg(["size", "sum"])
    report = ImportReport(
        source_name=export.source_name,
        sha256=export.sha256,
        format=export.format,
        format_name=export.format_name,
        how_read=export.how_read,
        detected=export.detected,
        instrument_id=instrument.id,
        instrument_name=instrument.name,
        rows=export.rows,
        respondents=len(kept_rows),
        blank_rows=int((~scored).sum()),
        partial=int((~answered.all(axis=1)).sum()) if item_ids else 0,
        duplicates=int(repeated.sum()),
        answers_per_item={
            i: int(counts.at[i, "size"] - counts.at[i, "sum"]) if i in counts.index else 0
            for i in item_ids
        },
        not_applicable={i: int(counts.at[i, "sum"]) if i in counts.index else 0 for i in item_ids},
        comments=len(comments),
        dropped_personal=export.dropped_personal,
        unused_columns=tuple(c.header for c in mapping.columns if c.used is None),
        missing_items=tuple(missing),
        warnings=tuple(warnings),
        suggested_label=label,
        suggested_date=fielded,
        cleaned=_by_column(block.cleaned, [headers[p] for p in positions]),
        blanked={**_by_column(blanked, [headers[p] for p in positions]), **connections.blanked},
        date_span=span,
    )
    return responses, report, problems


def _item_column(item_ids: list[str], positions: np.ndarray) -> pd.Categorical:
    """Each answer's item id (``item_ids[position]``), as a categorical in alphabetical order:
    every later step (checks, hashes, scores, the store's write) takes the codes instead of
    factorising 300,000 strings again, and sorting still sorts by id as text does."""
    ordered = sorted(item_ids)
    rank = np.array([ordered.index(i) for i in item_ids], dtype=np.int64)
    return pd.Categorical.from_codes(
        rank[positions] if len(item_ids) else positions,
        categories=pd.Index(ordered, dtype="str"),
    )


def _relations(
    export: Export,
    mapping: ColumnMapping,
    kept_rows: np.ndarray,
    unknown_as_missing: bool,
    known: Mapping[str, str],
) -> relations.RelationsRead:
    segment = mapping.instrument.organisation_segment
    return relations.read_relations(
        export.frame.cells,
        export.frame.columns,
        mapping.instrument,
        fmt=export.format,
        organisation_column=mapping.used(SEGMENT).get(segment.id) if segment else None,
        relations_columns=mapping.positions(RELATIONS),
        kept_rows=kept_rows,
        known=known,
        unknown_as_missing=unknown_as_missing,
    )


def _by_column(counts: np.ndarray, headers: list[str]) -> dict[str, int]:
    return {h: int(n) for h, n in zip(headers, counts, strict=True) if n}


def _comments(
    cells: pd.DataFrame, mapping: ColumnMapping, kept_rows: np.ndarray
) -> tuple[pd.DataFrame, int]:
    frames = []
    redacted = 0
    for question_id, position in mapping.used(OPEN_QUESTION).items():
        texts = cells[position].iloc[kept_rows].str.strip().reset_index(drop=True)
        present = texts[texts.str.contains(r"\w", regex=True)]
        cleaned, changed = personal.redact(present)
        redacted += changed
        frames.append(
            pd.DataFrame(
                {"row": present.index.astype("int64"), "question_id": question_id, "text": cleaned}
            )
        )
    if not frames:
        return empty_comments(), 0
    comments = pd.concat(frames, ignore_index=True).sort_values(["row"], kind="stable")
    return comments.reset_index(drop=True).astype({"question_id": "str", "text": "str"}), redacted


def commit(
    engine: Engine,
    draft: Preview,
    *,
    network: str,
    label: str,
    fielded_on: dt.date | None = None,
    invited: int | None = None,
    replace: bool = False,
) -> int:
    """Write the previewed round, and the user's column choices, in one transaction.

    Refuses (store unchanged) anything ``draft.refusal()`` names, a file already stored, and a
    label the network already uses unless ``replace``.
    """
    refusal = draft.refusal()
    if refusal:
        raise ImportRefused(refusal)
    meta = RoundMeta(
        network=network,
        label=label,
        fielded_on=fielded_on,
        invited=invited,
        # As the browser sent it: a NUL would be refused by PostgreSQL.
        source_name=draft.export.source_name.replace("\x00", "")[:255],
        source_sha256=draft.export.sha256,
    )
    return writes.import_round(
        engine,
        meta,
        draft.instrument,
        draft.responses,
        replace=replace,
        column_mappings=draft.decisions(),
        refuse_repeats=True,
    )
