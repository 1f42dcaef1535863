from bank.domain import account

from ..infra import ledger

ACCOUNT = account
LEDGER = ledger
