"""Benchmarks of ConnectTask against the local Connect emulator; `python -m bench` writes BENCHMARKS.md."""
