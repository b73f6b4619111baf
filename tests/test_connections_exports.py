"""The map in the deck and the HTML report: a slide and a section after the changes, the
figures in words, every name escaped, and nothing for a round without the question."""

from __future__ import annotations

import io

from pptx import Presentation

from carenet_dash.exports import deck, html
from carenet_dash.exports.report import build_report
from carenet_dash.store import organisations, queries
from tests.test_connections_figures import NETWORK, PARTNERS, responses, stored

MARKUP = "<script>alert('x')</script> & Co"


def exported(store):
    stored(store, responses(), "2026 Q1")
    stored(store, responses({**PARTNERS, "A": ["B", "C", "E"]}), "2026 Q2")
    network = queries.network_by_name(store, NETWORK)
    listed = organisations.organisations(store, network.id).set_index("name")
    organisations.rename_organisation(store, int(listed.loc["C", "organisation_id"]), MARKUP)
    report = build_report(store, NETWORK)
    buffer = io.BytesIO()
    deck.write(report, buffer)
    return Presentation(io.BytesIO(buffer.getvalue())), html.render(report)


def test_the_deck_has_a_map_slide_after_the_changes(store):
    presentation, _ = exported(store)
    titles = [s.shapes.title.text for s in presentation.slides]
    at = titles.index("Who works with whom")
    assert titles[at - 1] == "Changes since the last round"
    slide = presentation.slides[at]
    pictures = [s for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == 1
    assert "new ties in green" in pictures[0]._element.nvPicPr.cNvPr.get("descr")
    text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert "1 new ties and 0 lost since 2026 Q1" in text  # A now names E too
    # C (renamed) holds D to the rest, and A holds E: plain text in a slide.
    assert f"lose every path to the rest: {MARKUP}, A." in text
    assert "Who is on the edge of the map" in text


def test_the_report_has_an_escaped_map_section(store):
    _, document = exported(store)
    assert '<a href="#connections">Who works with whom</a>' in document
    section = document[document.index('<section id="connections">') :]
    section = section[: section.index("</section>")]
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co" in section
    assert "<script>" not in document
    assert "never the people who answered" in section
    assert 'src="data:image/svg+xml;base64,' in section
