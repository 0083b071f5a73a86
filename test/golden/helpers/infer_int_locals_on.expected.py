import fastforward
import torch
from infer_int_locals_on import Net


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_add_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_3: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_my_var: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_q: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, q: torch.Tensor) -> torch.Tensor:
        q = self.quantizer_q(q)
        E: int = q.size(-1)
        x = E * 2
        x = self.quantizer_x(x)
        num_heads: int = 8
        t = fastforward.nn.functional.add(q, q, output_quantizer=self.quantizer_add_1)
        _r = num_heads * 2
        my_var: int = 1
        my_var = self.quantizer_my_var(my_var)
        _tmp_1 = fastforward.nn.functional.add(t, my_var, output_quantizer=self.quantizer_add_2)
        return fastforward.nn.functional.add(_tmp_1, x, output_quantizer=self.quantizer_add_3)
