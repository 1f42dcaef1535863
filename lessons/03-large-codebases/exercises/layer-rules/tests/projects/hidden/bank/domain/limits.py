MAX_WITHDRAWAL = 1_000
NOTE = "import bank.infra.ledger"  # a string, not an import
