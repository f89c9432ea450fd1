"""Controls: one call in a chapter shows live ipywidgets in a kernel and a kernel-free
explorable on the static site, from the same model and view.

``explore(model, view, name=..., title=...)`` and ``quiz(question)`` return objects
whose display carries both renderings: JupyterLab shows the widget, the static build
shows the HTML (``nb_mime_priority_overrides`` in ``_config.yml``).
"""

from explainers.interact.explorable import Explorable, Frame, explore
from explainers.interact.quiz import Quiz, quiz
from explainers.interact.still import Still, still

__all__ = ["Explorable", "Frame", "Quiz", "Still", "explore", "quiz", "still"]
