"""The model: pydantic records (the schema), fuzzy dates, controlled lists and the YAML loader."""
