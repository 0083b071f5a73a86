import fastforward
from helper_two_classes import Inner, Outer


def quantized_middle(x, *, quantizer_mul: fastforward.nn.Quantizer, quantizer__tmp_1: fastforward.nn.Quantizer, quantizer_leaf_sigmoid: fastforward.nn.Quantizer, quantizer_leaf_x: fastforward.nn.Quantizer):
    _tmp_1 = quantized_leaf(x, quantizer_sigmoid=quantizer_leaf_sigmoid, quantizer_x=quantizer_leaf_x)
    _tmp_1 = quantizer__tmp_1(_tmp_1)
    return fastforward.nn.functional.mul(_tmp_1, 2, output_quantizer=quantizer_mul)


def quantized_top(x, *, quantizer_add: fastforward.nn.Quantizer, quantizer__tmp_2: fastforward.nn.Quantizer, quantizer_middle_mul: fastforward.nn.Quantizer, quantizer_middle__tmp_1: fastforward.nn.Quantizer, quantizer_middle_leaf_sigmoid: fastforward.nn.Quantizer, quantizer_middle_leaf_x: fastforward.nn.Quantizer):
    _tmp_2 = quantized_middle(x, quantizer_mul=quantizer_middle_mul, quantizer__tmp_1=quantizer_middle__tmp_1, quantizer_leaf_sigmoid=quantizer_middle_leaf_sigmoid, quantizer_leaf_x=quantizer_middle_leaf_x)
    _tmp_2 = quantizer__tmp_2(_tmp_2)
    return fastforward.nn.functional.add(_tmp_2, 1, output_quantizer=quantizer_add)


def quantized_leaf(x, *, quantizer_sigmoid: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    return fastforward.nn.functional.sigmoid(x, output_quantizer=quantizer_sigmoid)


class QuantizedOuter(fastforward.nn.QuantizedModule, Outer):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_middle_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_middle__tmp_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_middle_leaf_sigmoid: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_middle_leaf_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        y = self.inner(x)
        return quantized_middle(y, quantizer_mul=self.quantizer_middle_mul, quantizer__tmp_1=self.quantizer_middle__tmp_1, quantizer_leaf_sigmoid=self.quantizer_middle_leaf_sigmoid, quantizer_leaf_x=self.quantizer_middle_leaf_x)


class QuantizedInner(fastforward.nn.QuantizedModule, Inner):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_top_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_top__tmp_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_top_middle_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_top_middle__tmp_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_top_middle_leaf_sigmoid: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_top_middle_leaf_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        return quantized_top(x, quantizer_add=self.quantizer_top_add, quantizer__tmp_2=self.quantizer_top__tmp_2, quantizer_middle_mul=self.quantizer_top_middle_mul, quantizer_middle__tmp_1=self.quantizer_top_middle__tmp_1, quantizer_middle_leaf_sigmoid=self.quantizer_top_middle_leaf_sigmoid, quantizer_middle_leaf_x=self.quantizer_top_middle_leaf_x)
