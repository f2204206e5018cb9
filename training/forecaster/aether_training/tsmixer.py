"""TSMixer (Chen et al., 2023) for one probability per window: time-mixing and feature-mixing MLPs."""
import torch
from torch import nn


class MixerBlock(nn.Module):
    def __init__(self, ticks, channels, hidden, dropout):
        super().__init__()
        self.time_norm = nn.LayerNorm(channels)
        self.time_mix = nn.Sequential(nn.Linear(ticks, ticks), nn.ReLU(), nn.Dropout(dropout))
        self.feature_norm = nn.LayerNorm(channels)
        self.feature_mix = nn.Sequential(
            nn.Linear(channels, hidden), nn.ReLU(), nn.Dropout(dropout), nn.Linear(hidden, channels), nn.Dropout(dropout))

    def forward(self, x):  # x: (batch, ticks, channels)
        x = x + self.time_mix(self.time_norm(x).transpose(1, 2)).transpose(1, 2)
        return x + self.feature_mix(self.feature_norm(x))


class TSMixer(nn.Module):
    """Raw features in, P(capacity loss within the horizon) out; the input scaling is part of the model."""

    def __init__(self, ticks, channels, mean, std, blocks=2, hidden=32, dropout=0.1):
        super().__init__()
        self.register_buffer("mean", torch.as_tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.as_tensor(std, dtype=torch.float32))
        self.blocks = nn.Sequential(*[MixerBlock(ticks, channels, hidden, dropout) for _ in range(blocks)])
        self.head = nn.Linear(ticks * channels, 1)

    def logits(self, x):
        x = self.blocks((x - self.mean) / self.std)
        return self.head(x.flatten(1)).squeeze(1)

    def forward(self, x):
        return torch.sigmoid(self.logits(x)).unsqueeze(1)
