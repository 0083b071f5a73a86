import fastforward
from mods.ops_b import plain
from multi_file import Net


def quantized_bar(x, *, quantizer_div: fastforward.nn.Quantizer, quantizer__tmp_1: fastforward.nn.Quantizer, quantizer_norm_relu: fastforward.nn.Quantizer, quantizer_norm_x: fastforward.nn.Quantizer):
    # Calls a helper of the first file through an import of it.
    _tmp_1 = quantized_norm(x, quantizer_relu=quantizer_norm_relu, quantizer_x=quantizer_norm_x)
    _tmp_1 = quantizer__tmp_1(_tmp_1)
    return fastforward.nn.functional.div(_tmp_1, 2, output_quantizer=quantizer_div)


def quantized_norm(x, *, quantizer_relu: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    return fastforward.nn.functional.relu(x, output_quantizer=quantizer_relu)


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_bar_div: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_bar__tmp_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_bar_norm_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_bar_norm_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        y = plain(x)
        return quantized_bar(y, quantizer_div=self.quantizer_bar_div, quantizer__tmp_1=self.quantizer_bar__tmp_1, quantizer_norm_relu=self.quantizer_bar_norm_relu, quantizer_norm_x=self.quantizer_bar_norm_x)
