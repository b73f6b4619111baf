"""Import any survey export: detect its structure, map it, check its values, preview, commit.

    export = read_export(data, "responses.csv")          # structure read, personal data gone
    draft = preview(export, engine=engine, network=name)  # mapping + values -> Responses, report
    draft.refusal()                                       # None, or why it cannot be committed
    commit(engine, draft, network=name, label="2026 Q3")  # one transaction

Nothing here writes except ``commit``. The pipeline lives in ``reading`` (file -> Export) and
``pipeline`` (Export -> Preview -> round); one module per export structure, plus ``mapping``
(columns -> items) and ``values`` (labels -> scores). This module only names the public API.
"""

from carenet_dash.importers.files import ChooseSheet
from carenet_dash.importers.mapping import Target
from carenet_dash.importers.pipeline import Preview, commit, preview
from carenet_dash.importers.reading import FORMAT_CHOICES, FORMATS, Export, detect, read_export
from carenet_dash.importers.report import ImportReport, mapping_table
from carenet_dash.store.writes import RoundMeta

__all__ = [
    "FORMATS",
    "FORMAT_CHOICES",
    "ChooseSheet",
    "Export",
    "ImportReport",
    "Preview",
    "RoundMeta",
    "Target",
    "commit",
    "detect",
    "mapping_table",
    "preview",
    "read_export",
]
