import fastforward
import torch
from cf_with_targets import WithTargets, ctx


class QuantizedWithTargets(fastforward.nn.QuantizedModule, WithTargets):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sub: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_xx: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_yy: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_p: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_q: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, y):
        with ctx(x) as xx, ctx(y) as yy:
            xx = self.quantizer_xx(xx)
            yy = self.quantizer_yy(yy)
            _tmp_3 = fastforward.nn.functional.relu(xx, output_quantizer=self.quantizer_relu)
            out = fastforward.nn.functional.add(_tmp_3, yy, output_quantizer=self.quantizer_add)
        with torch.no_grad():
            out = fastforward.nn.functional.mul(out, 2, output_quantizer=self.quantizer_mul)
        with ctx(x) as (p, q):
            p = self.quantizer_p(p)
            q = self.quantizer_q(q)
            r = fastforward.nn.functional.sub(p, q, output_quantizer=self.quantizer_sub)
        return out, r
