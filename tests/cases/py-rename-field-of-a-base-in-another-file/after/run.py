from configs.train import TrainConfig

cfg = TrainConfig(learning_rate=0.5, epochs=3)
print(cfg.seed, cfg.scaled())
