"""A small, realistic demo program (written by us) so a new user sees something meaningful."""

from coach.demo.loader import DEMO_FILE, DemoSummary, load_demo

__all__ = ["DEMO_FILE", "DemoSummary", "load_demo"]
