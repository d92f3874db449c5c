"""Azure collectors: the only code that imports the azure-mgmt SDKs."""
