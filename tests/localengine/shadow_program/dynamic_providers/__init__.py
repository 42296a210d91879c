"""The stack's own dynamic providers: a common layout, and the name this package used to have."""
