from app.settings import TrainerSettings


def settings_from(raw: dict) -> TrainerSettings:
    trainer = raw["trainer"]
    if "evaluation_strategy" in trainer:
        print("evaluating", trainer["evaluation_strategy"])
    return TrainerSettings(
        output_dir=trainer["output_dir"],
        evaluation_strategy=trainer.get("evaluation_strategy", "steps"),
    )


# not a config key: a log label that merely equals the old name
LABEL = "evaluation_strategy"
