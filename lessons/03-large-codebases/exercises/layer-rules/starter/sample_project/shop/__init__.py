"""shop: a toy shop in four layers. domain holds the rules; app uses them; ui shows them; infra stores them."""
