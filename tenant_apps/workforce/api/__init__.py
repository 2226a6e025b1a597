"""The workforce API, one module per workflow: workers, week templates, dated shifts, time off and
holidays, the week roster."""
