"""The connection map: which member organisations work with whom, and how that changes.

``graph`` holds the figures (networkx, pure), ``figures`` the page-ready figures read from the
store with coverage and disclosure applied, and ``perception`` how members' scores differ by
their organisation's position. Where each organisation sits on the map is decided when it joins
the network's list (``carenet_dash.map_layout``, called by the store).
"""
