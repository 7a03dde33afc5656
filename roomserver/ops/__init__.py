"""Operations: what keeps the room server running unattended (issue 12).

systemd notification and watchdog (``sdnotify``), the connection cap (``connections``),
the zeroconf advertisement (``advert`` value object, ``advertiser`` child process),
health figures and warnings (``health``), structured logs (``logs``), backups and the
journal mirror (``backup``), and ``roomserver doctor`` (``doctor``). Nothing here
imports eventlet: ``roomserver/serve.py`` wires these pieces into the serving loop.
"""
