def foo(x):
    return x * 2


def call_a(x, fn=None):
    fn = foo
    return foo(x) + 1
