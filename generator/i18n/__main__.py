import sys

from generator.i18n.catalogues import main

sys.exit(main())
