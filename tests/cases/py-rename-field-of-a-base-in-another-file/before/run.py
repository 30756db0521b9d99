from configs.train import TrainConfig

cfg = TrainConfig(lr=0.5, epochs=3)
print(cfg.seed, cfg.scaled())
