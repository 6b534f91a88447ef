"""Model management: finding GGUF files, checking them, and remembering their hashes."""
