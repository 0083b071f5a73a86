import fastforward
from s5_1_expression_names import ExprNames


class QuantizedExprNames(fastforward.nn.QuantizedModule, ExprNames):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_mul_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul_3: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul_4: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul_5: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul_6: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul_7: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul_8: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul_9: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul_10: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__i: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__x_y_0: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y_1_minus_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y_1_plus_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y_2_mul_3: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y_4_div_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y_4_div_3: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y_i_0: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_k_T: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_self_w_in: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, k, y, i):
        x = self.quantizer_x(x)
        self_w_in = self.quantizer_self_w_in(self.w_in)
        a = fastforward.nn.functional.mul(x, self_w_in, output_quantizer=self.quantizer_mul_1)
        k_T = self.quantizer_k_T(k.T)
        b = fastforward.nn.functional.mul(x, k_T, output_quantizer=self.quantizer_mul_2)
        c = fastforward.nn.functional.mul(x, self.quantizer_y_1_plus_2(y[1 + 2]), output_quantizer=self.quantizer_mul_3)
        d = fastforward.nn.functional.mul(x, self.quantizer_y_1_minus_2(y[1 - 2]), output_quantizer=self.quantizer_mul_4)
        e = fastforward.nn.functional.mul(x, self.quantizer_y_2_mul_3(y[2 * 3]), output_quantizer=self.quantizer_mul_5)
        f = fastforward.nn.functional.mul(x, self.quantizer_y_4_div_2(y[4 // 2]), output_quantizer=self.quantizer_mul_6)
        g = fastforward.nn.functional.mul(x, self.quantizer_y_4_div_3(y[4 / 3]), output_quantizer=self.quantizer_mul_7)
        h = fastforward.nn.functional.mul(x, self.quantizer__x_y_0((x, y)[0]), output_quantizer=self.quantizer_mul_8)
        l = fastforward.nn.functional.mul(x, self.quantizer__i([i]), output_quantizer=self.quantizer_mul_9)
        m = fastforward.nn.functional.mul(x, self.quantizer_y_i_0(y[i][:, 0]), output_quantizer=self.quantizer_mul_10)
        return a, b, c, d, e, f, g, h, l, m
