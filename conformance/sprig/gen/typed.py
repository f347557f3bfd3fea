"""The oracle's typed-value encoding (tools/oracle/README.md) from Python values."""


class T:
    """A value with an explicit Go type tag."""

    def __init__(self, tag, value, type_=None):
        self.tag, self.value, self.type_ = tag, value, type_


def I64(v):
    return T("int64", str(v))


def I32(v):
    return T("int32", str(v))


def U8(v):
    return T("uint8", str(v))


def U64(v):
    return T("uint64", str(v))


def F32(v):
    return T("float32", repr(v))


def F(v):
    """float64 given as text (e.g. "NaN", "+Inf", "1e21")."""
    return T("float64", v)


def Strs(v):
    return T("strings", v)


def Ints(v):
    return T("ints", [str(x) for x in v])


def Bytes(b):
    import base64
    return T("bytes", base64.b64encode(b).decode())


def Values(m):
    return T("map", m, "common.Values")


def SMap(m):
    return T("map", m, "map[string]string")


NILMAP = T("map", None)
NILLIST = T("list", None)


def enc(v):
    if isinstance(v, T):
        if v.tag == "map":
            inner = None if v.value is None else {k: enc(x) for k, x in v.value.items()}
            out = {"map": inner}
        elif v.tag == "list":
            out = {"list": None if v.value is None else [enc(x) for x in v.value]}
        else:
            out = {v.tag: v.value}
        if v.type_:
            out["type"] = v.type_
        return out
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return {"int": str(v)}
    if isinstance(v, float):
        return {"float64": repr(v)}
    if isinstance(v, (list, tuple)):
        return {"list": [enc(x) for x in v]}
    if isinstance(v, dict):
        return {"map": {k: enc(x) for k, x in v.items()}}
    raise TypeError(v)
