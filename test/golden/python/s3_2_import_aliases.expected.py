import fastforward
from s3_2_import_aliases import Aliases


class QuantizedAliases(fastforward.nn.QuantizedModule, Aliases):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_relu_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_relu_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sigmoid: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_conv2d: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_softmax: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_relu_3: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_w: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, w):
        x = self.quantizer_x(x)
        w = self.quantizer_w(w)
        a = fastforward.nn.functional.relu(x, output_quantizer=self.quantizer_relu_1)
        b = fastforward.nn.functional.relu(a, output_quantizer=self.quantizer_relu_2)
        c = fastforward.nn.functional.sigmoid(b, output_quantizer=self.quantizer_sigmoid)
        d = fastforward.nn.functional.conv2d(c, w, output_quantizer=self.quantizer_conv2d)
        e = fastforward.nn.functional.softmax(d, dim=-1, output_quantizer=self.quantizer_softmax)
        f = fastforward.nn.functional.relu(e, output_quantizer=self.quantizer_relu_3)
        return f
