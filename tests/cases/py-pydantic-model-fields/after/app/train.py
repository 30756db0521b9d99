from app.settings import TrainerSettings


def settings_from(raw: dict) -> TrainerSettings:
    trainer = raw["trainer"]
    if "eval_strategy" in trainer:
        print("evaluating", trainer["eval_strategy"])
    return TrainerSettings(
        output_dir=trainer["output_dir"],
        eval_strategy=trainer.get("eval_strategy", "steps"),
    )


# not a config key: a log label that merely equals the old name
LABEL = "evaluation_strategy"
