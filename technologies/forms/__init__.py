"""Forms of the technology pool's pages, one module per audience (`partner`: declaring and
following a technology). They check the input only; every write goes through
technologies.services."""
