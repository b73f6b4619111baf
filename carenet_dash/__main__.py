"""`python -m carenet_dash`: run the command line."""

import sys

from carenet_dash.cli import main

sys.exit(main())
