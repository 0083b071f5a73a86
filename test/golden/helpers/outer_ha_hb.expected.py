import fastforward
from outer_ha_hb import Net


def quantized_outer(x, c, *, quantizer_hb_sub: fastforward.nn.Quantizer, quantizer_hb_x: fastforward.nn.Quantizer, quantizer_ha_mul: fastforward.nn.Quantizer, quantizer_ha_x: fastforward.nn.Quantizer):
    if c:
        x = quantized_ha(x, quantizer_mul=quantizer_ha_mul, quantizer_x=quantizer_ha_x)
    return quantized_hb(x, quantizer_sub=quantizer_hb_sub, quantizer_x=quantizer_hb_x)


def quantized_hb(x, *, quantizer_sub: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    return fastforward.nn.functional.sub(x, 1, output_quantizer=quantizer_sub)


def quantized_ha(x, *, quantizer_mul: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    return fastforward.nn.functional.mul(x, 2, output_quantizer=quantizer_mul)


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_outer_hb_sub: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_outer_hb_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_outer_ha_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_outer_ha_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, c):
        return quantized_outer(x, c, quantizer_hb_sub=self.quantizer_outer_hb_sub, quantizer_hb_x=self.quantizer_outer_hb_x, quantizer_ha_mul=self.quantizer_outer_ha_mul, quantizer_ha_x=self.quantizer_outer_ha_x)
