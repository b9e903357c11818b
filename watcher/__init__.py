"""Watcher: follow Terms of Service, privacy and AI policies, and report when they change."""

__version__ = "0.1.0"
