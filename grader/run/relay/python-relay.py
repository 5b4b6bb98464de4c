# convgrade Python relay: runs inside the sandbox as `python3 -I -B -u relay.py MODULE [--as BYTES]`.
#
# Requests arrive as JSON lines on fd 0; answers leave as tagged-JSON lines on fd 3 (see
# grader/run/protocol.ts). Before the student module is imported the relay moves both channels
# to private high file descriptors (close-on-exec), points fd 0 at /dev/null and closes fd 3,
# and captures every function it uses. None of this is a security boundary (the kernel sandbox
# is); it makes forgery harder, and the grader fails closed on anything odd.
import sys
import os

_MAX_DEPTH = 64
_MAX_MESSAGE = 2000
_MAX_EMPTY_ROWS = 65536  # the grader's MAX_EMPTY_ROWS
_HEAPTYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: set on every class defined in Python code
_NUMPY_SCALARS = frozenset([
    'bool', 'bool_', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64',
    'float16', 'float32', 'float64', 'longlong', 'ulonglong', 'intc', 'uintc', 'longdouble',
])
_NUMERIC_KINDS = frozenset(['b', 'i', 'u', 'f'])

_type = type
_str = str
_int = int
_float = float
_bool = bool
_list = list
_tuple = tuple
_dict = dict
_len = len
_range = range
_isinstance = isinstance
_repr_float = float.__repr__
_repr_int = int.__repr__
_callable = callable
_getattr = getattr
_vars = vars
_memoryview = memoryview
_SyntaxError = SyntaxError
_OverflowError = OverflowError
_RecursionError = RecursionError
_BaseException = BaseException
_SystemExit = SystemExit
_read = os.read
_write = os.write


def _private_fd(fd):
    # The highest free descriptor under RLIMIT_NOFILE (64 in the strict sandbox), close-on-exec.
    try:
        import fcntl
        import resource
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        low = 200 if soft == resource.RLIM_INFINITY or soft > 256 else max(soft - 8, 10)
        return fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, low)
    except (ImportError, OSError, ValueError):
        return fd


def _apply_limits(argv):
    # Basic isolation only: the strict sandbox sets rlimits with prlimit before Python starts.
    if '--as' not in argv:
        return
    limit = _int(argv[argv.index('--as') + 1])
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        pass  # not POSIX, or the platform refuses (macOS ignores RLIMIT_AS)


_answer_fd = _private_fd(3)
_request_fd = _private_fd(0)
if _answer_fd != 3:
    os.close(3)
if _request_fd != 0:
    _null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(_null, 0)
    os.close(_null)

import json  # noqa: E402  (imported only after the fds are private; the student has not run yet)
import json.encoder  # noqa: E402

_encode_str = json.encoder.encode_basestring_ascii
_decode = json.JSONDecoder().decode

_pending = [b'']


def _read_line():
    while True:
        buf = _pending[0]
        nl = buf.find(b'\n')
        if nl >= 0:
            _pending[0] = buf[nl + 1:]
            return buf[:nl].decode('utf-8')
        chunk = _read(_request_fd, 65536)
        if not chunk:
            return None
        _pending[0] = buf + chunk


def _write_all(data):
    view = _memoryview(data)
    while _len(view):
        n = _write(_answer_fd, view)
        view = view[n:]


def _reply(req_id, body):
    _write_all(('{"id":' + _encode_str(req_id) + ',' + body + '}\n').encode('ascii'))


def _reply_error(req_id, kind, message):
    _reply(req_id, '"ok":false,"error":{"kind":"%s","message":%s}' % (kind, _encode_str(message)))


class _Refusal(Exception):
    pass


def _describe(value):
    t = _type(value)
    module = _getattr(t, '__module__', '?')
    name = _getattr(t, '__qualname__', '?')
    return (name if module == 'builtins' else '%s.%s' % (module, name))


def _encode_float(x):
    if x != x:
        return '{"$f":"NaN"}'
    if x == _float('inf'):
        return '{"$f":"Infinity"}'
    if x == _float('-inf'):
        return '{"$f":"-Infinity"}'
    if x == 0.0 and _repr_float(x)[0] == '-':
        return '{"$f":"-0"}'
    return _repr_float(x)


def _encode_int(x):
    if -(1 << 53) <= x <= (1 << 53):
        return _repr_int(x)
    try:
        return _repr_float(_float(x))
    except _OverflowError:
        raise _Refusal('An integer too large for a float64')


def _is_numpy(t, names):
    # A type defined in C (not a heap type) whose tp_name is numpy.<name> cannot be faked from
    # Python code, and cannot be patched: so its methods are numpy's own.
    return (_type(t) is _type and not (t.__flags__ & _HEAPTYPE)
            and t.__module__ == 'numpy' and t.__name__ in names)


def _encode_scalar(x, where):
    t = _type(x)
    if t is _bool:
        return 'true' if x else 'false'
    if t is _int:
        return _encode_int(x)
    if t is _float:
        return _encode_float(x)
    raise _Refusal('%s at %s is not a number' % (_describe(x), where or 'the top level'))


def _encode(value, depth, where):
    t = _type(value)
    if value is None:
        return 'null'
    if t is _bool or t is _int or t is _float:
        return _encode_scalar(value, where)
    if t is _str:
        return _encode_str(value)
    at = where or 'the top level'
    if depth >= _MAX_DEPTH:
        raise _Refusal('The answer is nested deeper than %d levels at %s' % (_MAX_DEPTH, at))
    if t is _list or t is _tuple:
        parts = []
        for i in _range(_len(value)):
            item = value[i]
            parts.append(_encode_float(item) if _type(item) is _float else _encode(item, depth + 1, '%s[%d]' % (where, i)))
        return '[' + ','.join(parts) + ']'
    if t is _dict:
        parts = []
        for key in _list(value.keys()):
            if _type(key) is not _str:
                raise _Refusal('A dict key of type %s at %s: keys must be str' % (_describe(key), at))
            parts.append(_encode_str(key) + ':' + _encode(value[key], depth + 1, '%s[%r]' % (where, key)))
        return '{"$o":{' + ','.join(parts) + '}}'
    if _is_numpy(t, ('ndarray',)):
        kind = value.dtype.kind
        if kind not in _NUMERIC_KINDS:
            raise _Refusal('A numpy array of dtype %s at %s: return a numeric array' % (_str(value.dtype), at))
        rows = 1
        for n in value.shape[:-1]:
            rows *= _int(n)
        if value.size == 0 and rows > _MAX_EMPTY_ROWS:
            raise _Refusal('An empty numpy array of shape %s at %s has more than %d rows' % (_str(value.shape), at, _MAX_EMPTY_ROWS))
        flat = value.ravel().tolist()
        data = ','.join([_encode_scalar(v, where) for v in flat])
        shape = ','.join([_repr_int(_int(n)) for n in value.shape])
        return '{"$nd":{"dtype":%s,"shape":[%s],"data":[%s]}}' % (_encode_str(_str(value.dtype)), shape, data)
    if _is_numpy(t, _NUMPY_SCALARS):
        return _encode_scalar(value.item(), where)
    if _type(t) is _type and not (t.__flags__ & _HEAPTYPE):
        raise _Refusal('A %s at %s is not an answer: return numbers, lists, dicts or numpy arrays' % (_describe(value), at))
    raise _Refusal('An instance of %s at %s is not an answer: return plain floats, ints, lists, dicts or numpy arrays, not subclasses or custom objects' % (_describe(value), at))


def _cap(text):
    return text if _len(text) <= _MAX_MESSAGE else text[:_MAX_MESSAGE] + '…'


def _solution_line(tb, path):
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == path:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _error_text(error, path):
    try:
        if _isinstance(error, _SystemExit):
            return 'The module called sys.exit(%r)' % (error.code,)
        if _isinstance(error, _SyntaxError) and error.filename == path:
            text = '%s: %s (solution.py, line %s)' % (_type(error).__name__, error.msg, error.lineno)
            if error.text:
                text += '\n    ' + error.text.strip()
            return _cap(text)
        message = _str(error)
        text = _type(error).__name__ + (': ' + message if message else '')
        line = _solution_line(error.__traceback__, path)
        if line is not None:
            text += ' (solution.py, line %d)' % line
        return _cap(text.replace(path, 'solution.py'))
    except _BaseException:
        return 'An exception that could not be displayed'


def _main():
    path = sys.argv[1]
    _apply_limits(sys.argv)
    hello_line = _read_line()
    if hello_line is None:
        return
    hello = _decode(hello_line)
    try:
        import importlib.util
        spec = importlib.util.spec_from_file_location('solution', path)
        module = importlib.util.module_from_spec(spec)
        sys.modules['solution'] = module
        spec.loader.exec_module(module)
        callables = {}
        for name, value in _list(_vars(module).items()):
            if _type(name) is _str and not name.startswith('_') and _callable(value):
                callables[name] = value
    except _BaseException as error:
        _reply_error(hello['id'], 'load-error', _error_text(error, path))
        return
    _reply(hello['id'], '"ok":true,"exports":[%s]' % ','.join([_encode_str(n) for n in callables]))

    while True:
        line = _read_line()
        if line is None:
            return
        request = _decode(line)
        req_id = request['id']
        fn = callables.get(request['fn'])
        if fn is None:
            _reply_error(req_id, 'missing', 'The module does not define a function named ' + request['fn'])
            continue
        try:
            result = fn(*request['args'])
        except _BaseException as error:
            _reply_error(req_id, 'threw', _error_text(error, path))
            continue
        try:
            encoded = _encode(result, 0, '')
        except _Refusal as refusal:
            _reply_error(req_id, 'rejected', _cap(refusal.args[0]))
        except _RecursionError:
            _reply_error(req_id, 'rejected', 'The answer is nested too deeply')
        except _BaseException as error:
            _reply_error(req_id, 'rejected', 'The answer could not be encoded: ' + _error_text(error, path))
        else:
            _reply(req_id, '"ok":true,"value":' + encoded)


_main()
os._exit(0)
