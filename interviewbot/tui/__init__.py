"""The terminal interview (Textual): screens, widgets, one .tcss file, a command provider."""
