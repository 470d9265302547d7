"""The publish layer: versioned releases with their VoID + DCAT description and the changes between releases."""
