"""The models, figures and controls behind the DeepSeek V3 and R1 textbook."""

import os

__version__ = "0.1.0"

#: Environment variable that the book's Sphinx extension sets to "1" before any chapter runs. Kernels
#: started by the build inherit it; a reader's kernel does not, so it skips the static site's frames.
SITE_BUILD = "EXPLAINERS_SITE_BUILD"


def site_build() -> bool:
    """Whether this process runs inside a build of the static site (see ``SITE_BUILD``)."""
    return os.environ.get(SITE_BUILD) == "1"
