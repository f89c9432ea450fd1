"""The models, figures and controls behind the DeepSeek V3 and R1 textbook."""

__version__ = "0.1.0"
