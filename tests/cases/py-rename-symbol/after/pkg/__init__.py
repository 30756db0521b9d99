from transformers import AutoModelForImageTextToText

from .models import load

__all__ = ["AutoModelForImageTextToText", "load"]
