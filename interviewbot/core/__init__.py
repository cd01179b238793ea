"""The functional core: domain types, the question bank, the classifier and scoring. No I/O here
beyond reading the bank's own files."""
