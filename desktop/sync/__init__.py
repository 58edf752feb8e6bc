"""File sync with headquarters: identities and keys, packages, import, merge and conflicts."""
