"""Upstream sync: finalised sessions reach the certification body exactly once (issue 11).

``protocol`` (signed requests, idempotency key, the upstream keys file) and ``bundle`` (the
offline file carried on a USB stick) are shared by the room side and the reference receiver
(``sync.receiver``); docs/sync-protocol.md is the contract they implement.
"""
