"""A built-in, emulated estate so anyone can see a real audit without a cloud account."""
