from ..infra import ledger
from .account import Account

__all__ = ["Account", "ledger"]
