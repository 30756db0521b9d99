from transformers import AutoModelForVision2Seq

from .models import load

__all__ = ["AutoModelForVision2Seq", "load"]
