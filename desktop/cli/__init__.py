"""The command-line interface: the same services as the GUI, without Qt."""
