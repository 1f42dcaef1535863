from __future__ import annotations

from dataclasses import dataclass

import bank.domain.rules as account_rules
from bank import domain

try:
    import bank.infra.audit
except ImportError:
    pass


@dataclass
class Account:
    owner: str
    balance: int = 0

    def withdraw(self, amount: int) -> None:
        account_rules.check_limit(amount)
        self.balance -= amount
        bank.infra.audit.record(self.owner, -amount)


DOMAIN = domain
