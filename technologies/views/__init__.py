"""Pages of the technology pool, one module per audience (`public`: the pool anyone browses)."""
