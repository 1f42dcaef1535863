"""Texts the domain owns. Its name starts with "ui", but it is a domain module: importing it is fine."""
ORDER_PLACED = "Order placed"
