"""The Dash page: layout, ids, URL state, callbacks, the download API and the HTTP layer."""
