"""Language: the one spaCy pass, text counts, syllables, the word dictionaries, topic vectors."""
