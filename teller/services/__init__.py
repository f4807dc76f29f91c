"""Use cases, one module per area; each takes its stores and ports in its constructor."""
