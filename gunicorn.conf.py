"""gunicorn settings for the dashboard: `gunicorn -c gunicorn.conf.py app:server`.

Each can be overridden with an environment variable of the same name in
upper case prefixed GUNICORN_ (e.g. GUNICORN_BIND=0.0.0.0:8050).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8050")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# Requests are read whole on an asyncio loop before one of the `threads`
# runs the app, so slow clients hold no thread, a body that stalls is 408
# after 10 s and headers that stall close the connection after 10 s
# (components/web/http/serving.py). GUNICORN_WORKER_CLASS=gthread brings back
# gunicorn's threaded worker, which has none of these bounds.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "components.web.http.serving.BufferedWSGIWorker")
# Open connections per worker, slow ones included; beyond it a new one is closed.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "1000"))
# The worker replaces a method of its event loop (serving.py, assumption 2),
# which uvloop's loop would not allow.
asgi_loop = "asyncio"
# The app's own loggers (dashboard.*) write to gunicorn's error log.
logger_class = "components.web.http.serving.AppLogger"
# Load the app once in the master: invalid data stops the start before any
# worker forks, and workers share the loaded pages copy-on-write.
preload_app = True
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then to bound slow leaks; jitter keeps them from
# restarting together.
max_requests = 20000
max_requests_jitter = 2000
# The default control socket is shared by every gunicorn on the machine.
control_socket_disable = True
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
