from mods.ops_a import norm


def foo(x):
    return x - 1


def bar(x):
    # Calls a helper of the first file through an import of it.
    return norm(x) / 2


def plain(x):
    return x
