import fastforward
from s3_1_binary_unary_operators import AllOps


class QuantizedAllOps(fastforward.nn.QuantizedModule, AllOps):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sub: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_div: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_floor_divide: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_remainder: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_pow: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_matmul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_bitwise_and: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_bitwise_or: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_bitwise_xor: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_bitwise_left_shift: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_bitwise_right_shift: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_negative: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_positive: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_bitwise_not: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_a: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_b: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, a, b):
        a = self.quantizer_a(a)
        b = self.quantizer_b(b)
        r1 = fastforward.nn.functional.add(a, b, output_quantizer=self.quantizer_add)
        r2 = fastforward.nn.functional.sub(a, b, output_quantizer=self.quantizer_sub)
        r3 = fastforward.nn.functional.mul(a, b, output_quantizer=self.quantizer_mul)
        r4 = fastforward.nn.functional.div(a, b, output_quantizer=self.quantizer_div)
        r5 = fastforward.nn.functional.floor_divide(a, b, output_quantizer=self.quantizer_floor_divide)
        r6 = fastforward.nn.functional.remainder(a, b, output_quantizer=self.quantizer_remainder)
        r7 = fastforward.nn.functional.pow(a, b, output_quantizer=self.quantizer_pow)
        r8 = fastforward.nn.functional.matmul(a, b, output_quantizer=self.quantizer_matmul)
        r9 = fastforward.nn.functional.bitwise_and(a, b, output_quantizer=self.quantizer_bitwise_and)
        r10 = fastforward.nn.functional.bitwise_or(a, b, output_quantizer=self.quantizer_bitwise_or)
        r11 = fastforward.nn.functional.bitwise_xor(a, b, output_quantizer=self.quantizer_bitwise_xor)
        r12 = fastforward.nn.functional.bitwise_left_shift(a, b, output_quantizer=self.quantizer_bitwise_left_shift)
        r13 = fastforward.nn.functional.bitwise_right_shift(a, b, output_quantizer=self.quantizer_bitwise_right_shift)
        r14 = fastforward.nn.functional.negative(a, output_quantizer=self.quantizer_negative)
        r15 = fastforward.nn.functional.positive(a, output_quantizer=self.quantizer_positive)
        r16 = fastforward.nn.functional.bitwise_not(a, output_quantizer=self.quantizer_bitwise_not)
        return r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13, r14, r15, r16
