from pydantic import BaseModel, Field


class TrainerSettings(BaseModel):
    """Settings of the fine-tuning run (read from configs/run.yaml)."""

    output_dir: str
    evaluation_strategy: str = Field("steps", description="when to evaluate")
    gradient_checkpointing: bool
    warmup_ratio: float = 0
    learning_rate: float = 2e-5
