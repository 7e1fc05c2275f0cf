"""specgen: a commissioner's answers in, a PAIR procurement specification out.

The whole pipeline reads ``render(assemble(load(path)))``: see :mod:`specgen.pipeline`.
"""

__version__ = "0.1.0"
