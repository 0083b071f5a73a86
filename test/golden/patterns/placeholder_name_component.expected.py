import fastforward
from placeholder_name_component import Model


class QuantizedModel(fastforward.nn.QuantizedModule, Model):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_linear: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_w: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_b: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, w, b):
        w = self.quantizer_w(w)
        b = self.quantizer_b(b)
        y = my_own.conv2d(x, w)
        y = self.quantizer_y(y)
        z = fastforward.nn.functional.linear(y, w, b, output_quantizer=self.quantizer_linear)
        return fastforward.nn.functional.relu(z, output_quantizer=self.quantizer_relu)
