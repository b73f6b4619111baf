"""CareNet Dash: network health diagnostics for collaborative health and care networks."""

__version__ = "0.1.0"
