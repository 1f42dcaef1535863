"""The infrastructure layer: storage and e-mail. It may import the domain, never the other way round."""
