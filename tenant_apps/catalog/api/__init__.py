"""The catalog's endpoints: storefront reads, quotes, and back-office changes (one module each)."""
