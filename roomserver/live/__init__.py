"""Live events for the invigilators' dashboards (Socket.IO namespace ``/invigilator``) and
the candidates' heartbeat. Nothing here writes to the journal: it only reads the state
the store already made durable, and pushes it."""
