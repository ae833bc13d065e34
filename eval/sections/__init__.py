"""One module per capability's section of eval/README.md.

Each module defines ``ORDER`` (an int, lower first) and ``render(load) -> list[str]``, where
``load(name)`` returns the parsed ``eval/results/<name>`` JSON (``{}`` when missing). A section that has
nothing measured yet returns ``[]``. eval/report.py imports every module here, in ORDER.
"""
