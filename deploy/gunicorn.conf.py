"""gunicorn settings for every environment: `make run` (config.launcher) and the container image.

Environment: PORT (8000), WEB_CONCURRENCY (worker processes, 3), GUNICORN_THREADS (threads per
worker, 4), GUNICORN_TIMEOUT (30 s), FORWARDED_ALLOW_IPS (proxies trusted for
X-Forwarded-Proto; the client address rate limits see is TRUSTED_PROXY_HOPS, read by Django).
"""
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Threads let one process serve a page's parallel requests while another request waits on the
# database; each thread holds its own database connection (CONN_MAX_AGE), so the connection
# budget per pod is workers x threads.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 15
keepalive = 5
# Recycle workers now and then: every tenant schema a connection touches adds catalog cache
# (DESIGN §9), and this bounds it together with CONN_MAX_AGE.
max_requests = 5000
max_requests_jitter = 500

accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# gunicorn 27 opens one control socket at ~/.gunicorn/gunicorn.ctl for every instance, so a
# second instance (tests, benchmarks, a second `make run`) breaks the first: DESIGN §9. This is
# `--no-control-socket`; older gunicorn ignores unknown names in a config file.
control_socket_disable = True

# Worker heartbeat files on tmpfs, not on a container's overlay filesystem.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
