"""The administrator's side of the room server: password, login tokens, session preparation
helpers. The HTTP edges are in ``roomserver/api/admin*.py``; the rules in ``roomserver/core``."""
