"""Pure figure builders (no Dash), their shared style, and the registry of the page's charts."""
