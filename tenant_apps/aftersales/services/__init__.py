"""After-sales actions, one module per workflow: reporting (reporting), the office's mediation and
the customer's answers (mediation), carrying out a remedy (remedies), the beat job (deadlines)."""
