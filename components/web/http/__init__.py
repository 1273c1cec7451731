"""The HTTP layer around Dash: security headers and limits, static files, compressed and cached responses."""
