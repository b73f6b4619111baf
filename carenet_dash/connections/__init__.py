"""The connection map: which member organisations work with whom, and how that changes.

``graph`` holds the figures (networkx, pure), ``layout`` where each organisation sits on the
map, ``figures`` the page-ready figures read from the store with coverage and disclosure
applied, and ``perception`` how members' scores differ by their organisation's position.
"""
