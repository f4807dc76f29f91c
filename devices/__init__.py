"""device plugins: card, badge, printer, each with a simulated twin; no Qt."""
