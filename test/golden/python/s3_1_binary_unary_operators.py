# ffquant-args: --no-type-inference
import torch


class AllOps(torch.nn.Module):
    def forward(self, a, b):
        r1 = a + b
        r2 = a - b
        r3 = a * b
        r4 = a / b
        r5 = a // b
        r6 = a % b
        r7 = a ** b
        r8 = a @ b
        r9 = a & b
        r10 = a | b
        r11 = a ^ b
        r12 = a << b
        r13 = a >> b
        r14 = -a
        r15 = +a
        r16 = ~a
        return r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13, r14, r15, r16
