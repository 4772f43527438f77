import sys

try:
    from .cli import run
except KeyboardInterrupt:  # Ctrl-C while starting up: no traceback
    sys.exit(130)

run()
