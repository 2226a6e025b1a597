"""The scheduling API, one module per workflow: slots, holds, a worker's schedule, the settings."""
