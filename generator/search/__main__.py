"""``python -m generator.search SOURCE BUNDLE``: what SearchIndexer runs beside the build."""

import sys

from generator.search.pagefind import main

sys.exit(main())
