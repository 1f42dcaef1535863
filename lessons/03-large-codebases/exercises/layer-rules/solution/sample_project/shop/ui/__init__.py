"""The user-interface layer. It may import the domain (to show it), never the other way round."""
