"""Test double of `fastforward.nn`: QuantizedModule, Quantizer, QuantizerStub, functional."""

import torch

from . import functional


class Quantizer(torch.nn.Module):
    """Base class of quantizers (no behaviour)."""


class QuantizerStub(Quantizer):
    """Identity quantizer that counts its calls (class-level and per instance)."""

    calls = 0  # total calls over all stubs, reset by the harness

    def __init__(self) -> None:
        super().__init__()
        self.num_calls = 0

    def forward(self, x):
        QuantizerStub.calls += 1
        self.num_calls += 1
        return x


class QuantizedModule(torch.nn.Module):
    """Mixin placed before the original class: `QuantizedX(QuantizedModule, X)`.

    Constructing `QuantizedX(*args)` runs `X.__init__(*args)` then `__init_quantization__`,
    so the quantizer stubs declared by the generated class exist.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.__init_quantization__()

    def __init_quantization__(self) -> None:
        pass


def quantize_model(model: torch.nn.Module, classes: dict) -> torch.nn.Module:
    """Swap every submodule whose type name `X` has `Quantized<X>` in `classes` (in place),
    like FastForward's quantize_model: change `__class__` and call `__init_quantization__`.
    Modules that are already quantized are left alone. Returns the model."""
    for module in list(model.modules()):
        if isinstance(module, QuantizedModule):
            continue
        qcls = classes.get("Quantized" + type(module).__name__)
        if qcls is None or not issubclass(qcls, type(module)):
            continue
        module.__class__ = qcls
        module.__init_quantization__()
    return model


__all__ = ["Quantizer", "QuantizerStub", "QuantizedModule", "functional", "quantize_model"]
