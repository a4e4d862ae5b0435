"""The Frontier Ledger registry: schema, writes, reads, curated facts, identity."""
