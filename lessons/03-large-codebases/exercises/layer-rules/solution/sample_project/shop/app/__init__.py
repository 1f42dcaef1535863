"""The application layer: use cases. It may import every other layer."""
