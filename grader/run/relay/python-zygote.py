# convgrade Python zygote (grader/run/zygote.ts): one per grader slot, started as
# `python3 -I -B -u zygote.py CONFIG` inside the slot's long-lived strict sandbox (bwrap, root,
# capabilities SETUID SETGID SETPCAP SYS_ADMIN, no seccomp filter yet; strict isolation as root
# only). It imports numpy and scipy.signal once, then forks one confined child per
# submission. It never runs student code and never reads a submission: it only reads control
# lines from the grader (fd 0) and answers on fd 3.
#
# Per fork request (one control line, read byte by byte, so nothing after it is buffered here):
#   Z (this process)  setns/unshare(CLONE_NEWPID), fork:
#   G (pid 1 of a fresh pid namespace)  fresh mount/ipc/uts/net namespaces, a fresh /proc and
#        /tmp, fork S, then only waits (the namespace's init, as bwrap's init is today);
#   S (pid 2)  makes four FIFOs in the grader's private folder, waits for the grader to open them,
#        reads the submission's source from its own stdin FIFO, joins the slot cgroup, writes the
#        source to a private read-only tmpfs at /sub, drops everything a fresh sandbox drops
#        (setpriv + prlimit + bwrap --seccomp of SECURITY.md), and runs the relay.
# Replies (JSON lines, fd 3): started | failed, then per fork: ready, exited (or error).
import os
import sys

_CONFIG = None
_LIBC = None

CLONE_NEWNS = 0x00020000
CLONE_NEWCGROUP = 0x02000000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
PR_SET_DUMPABLE, PR_SET_SECCOMP, PR_CAPBSET_DROP = 4, 22, 24
PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 38, 47, 4
SECCOMP_MODE_FILTER = 2
KEYCTL_JOIN_SESSION_KEYRING = 1
LINUX_CAPABILITY_VERSION_3 = 0x20080522
# What bwrap --proc covers read-only inside a fresh /proc.
PROC_COVERS = ('sys', 'sysrq-trigger', 'irq', 'bus')
MAX_HEADER = 4096


def _reply(message):
    import json
    data = (json.dumps(message, separators=(',', ':')) + '\n').encode('utf-8')
    while data:
        data = data[os.write(3, data):]


def _read_line(fd, limit):
    """One line, read a byte at a time: nothing after the newline leaves the pipe."""
    out = bytearray()
    while True:
        b = os.read(fd, 1)
        if not b:
            return None if not out else bytes(out)
        if b == b'\n':
            return bytes(out)
        out += b
        if len(out) > limit:
            raise ValueError('control line too long')


def _check(result, what):
    if result != 0:
        import ctypes
        err = ctypes.get_errno()
        raise OSError(err, '%s: %s' % (what, os.strerror(err)))


def _valid_module(name):
    parts = name.split('.')
    return all(p and (p[0].isalpha() or p[0] == '_') and p.isascii() and p.replace('_', 'a').isalnum() for p in parts)


def _start():
    global _CONFIG, _LIBC
    import json
    _CONFIG = json.loads(sys.argv[1])
    import ctypes
    import ctypes.util
    import gc
    import importlib
    import resource  # noqa: F401  (imported before any fork: the child uses it)
    import select  # noqa: F401
    import signal  # noqa: F401
    _LIBC = ctypes.CDLL(None, use_errno=True)
    seccomp_fd = _CONFIG.get('seccompFd')
    if seccomp_fd is not None:
        chunks = []
        while True:
            chunk = os.read(seccomp_fd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
        os.close(seccomp_fd)
        program = b''.join(chunks)
        if len(program) == 0 or len(program) % 8 != 0:
            raise ValueError('the seccomp filter on fd %d is not a BPF program' % seccomp_fd)
        _CONFIG['seccomp'] = program
    with open(_CONFIG['relay'], 'rb') as f:
        _CONFIG['relayCode'] = compile(f.read(), _CONFIG['relay'], 'exec')
    with open('/proc/sys/kernel/cap_last_cap') as f:
        _CONFIG['capLastCap'] = int(f.read())
    if _CONFIG['level'] != 'strict':
        raise ValueError('a zygote runs at the strict level only')
    _CONFIG['pidns'] = os.open('/proc/self/ns/pid', os.O_RDONLY | os.O_CLOEXEC)
    for name in _CONFIG['preload']:
        if not _valid_module(name):
            raise ValueError('not a module name: %r' % (name,))
        importlib.import_module(name)
    threads = len(os.listdir('/proc/self/task'))
    if threads != 1:
        raise RuntimeError('%d threads after the imports (BLAS threads?): a zygote must fork from one thread' % threads)
    gc.collect()
    # Children inherit these objects and never collect them: no copy-on-write of their headers.
    gc.freeze()


def _serve():
    import json
    while True:
        line = _read_line(0, MAX_HEADER)
        if line is None:
            return
        request = json.loads(line)
        op = request.get('op')
        if op == 'stop':
            return
        if op == 'kill':
            # For a run that has ended already: the grader sent it before it read our 'exited'.
            continue
        if op != 'fork':
            raise ValueError('unexpected control request %r' % (op,))
        try:
            child, status_r = _fork(request)
        except OSError as error:
            _reply({'op': 'error', 'seq': request['seq'], 'message': 'fork: %s' % error})
            continue
        if not _watch(request['seq'], child, status_r):
            return


def _watch(seq, child, status_r):
    """Relays G's and S's reports until G is gone; a kill request in between SIGKILLs G, the
    run's pid 1, which tears down its whole pid namespace (as killing bwrap does today).
    False: the grader left."""
    import json
    import select
    import signal
    poller = select.poll()
    poller.register(0, select.POLLIN)
    poller.register(status_r, select.POLLIN)
    pending = b''
    reported = None
    while True:
        for fd, _ in poller.poll():
            if fd == 0:
                line = _read_line(0, MAX_HEADER)
                if line is None:
                    _kill(child, signal.SIGKILL)
                    os.waitpid(child, 0)
                    return False
                control = json.loads(line)
                if control.get('op') != 'kill':
                    _kill(child, signal.SIGKILL)
                    raise ValueError('unexpected control request during a run: %r' % (control,))
                # A kill for an earlier run (sent as that run ended) is stale: only this run's counts.
                if control.get('seq') == seq:
                    _kill(child, signal.SIGKILL)
                continue
            chunk = os.read(status_r, 4096)
            if not chunk:
                os.close(status_r)
                _, status = os.waitpid(child, 0)
                _reply(_exit_message(seq, reported, status))
                return True
            pending += chunk
            while b'\n' in pending:
                message, pending = pending.split(b'\n', 1)
                word, _, rest = message.decode('utf-8', 'replace').partition(' ')
                if word == 'ready':
                    _reply({'op': 'ready', 'seq': seq})
                elif word == 'exit':
                    reported = rest
                elif word == 'error':
                    _reply({'op': 'error', 'seq': seq, 'message': rest[:2000]})


def _kill(pid, sig):
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _exit_message(seq, reported, status):
    import signal
    if reported is not None:
        code, _, sig = reported.partition(' ')
        return {'op': 'exited', 'seq': seq, 'code': None if code == '-' else int(code),
                'signal': None if sig in ('', '-') else sig}
    if os.WIFSIGNALED(status):
        return {'op': 'exited', 'seq': seq, 'code': None, 'signal': signal.Signals(os.WTERMSIG(status)).name}
    return {'op': 'exited', 'seq': seq, 'code': os.waitstatus_to_exitcode(status), 'signal': None}


def _fork(request):
    """Forks G; returns its pid and the read end of the status pipe G and S write to."""
    strict = _CONFIG['level'] == 'strict'
    if strict:
        # Back to this process's own pid namespace for children, then a fresh one: G is its pid 1.
        _check(_LIBC.setns(_CONFIG['pidns'], CLONE_NEWPID), 'setns')
        _check(_LIBC.unshare(CLONE_NEWPID), 'unshare(CLONE_NEWPID)')
    status_r, status_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(status_r)
            _init(request, status_w)
        except BaseException as error:  # noqa: BLE001
            _report(status_w, 'error G: %s: %s' % (type(error).__name__, error))
        os._exit(125)
    os.close(status_w)
    return pid, status_r


def _report(fd, text):
    try:
        os.write(fd, (text.replace('\n', ' ') + '\n').encode('utf-8', 'replace'))
    except OSError:
        pass


def _init(request, status_w):
    """G: the run's init. Its namespaces, then S, then waits for S like bwrap's init."""
    import signal
    strict = _CONFIG['level'] == 'strict'
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGCHLD):
        signal.signal(sig, signal.SIG_DFL)
    if strict:
        _check(_LIBC.unshare(CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET), 'unshare')
        _check(_LIBC.sethostname(b'sandbox', 7), 'sethostname')
        _check(_LIBC.mount(None, b'/', None, MS_REC | MS_PRIVATE, None), 'mount --make-rprivate /')
        _check(_LIBC.mount(b'proc', b'/proc', b'proc', MS_NOSUID | MS_NODEV | MS_NOEXEC, None), 'mount /proc')
        for name in PROC_COVERS:
            path = ('/proc/' + name).encode()
            if os.path.exists(path):
                _check(_LIBC.mount(path, path, None, MS_BIND | MS_REC, None), 'bind /proc/' + name)
                _check(_LIBC.mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, None),
                       'remount /proc/' + name)
        options = ('size=%d,mode=1777' % request['tmpfsBytes']).encode()
        _check(_LIBC.mount(b'tmpfs', b'/tmp', b'tmpfs', MS_NOSUID | MS_NODEV, options), 'mount /tmp')
        # /dev is the zygote's bwrap --dev, shared by its runs: root's and read-only to them (0755, /dev/shm too).
    child = os.fork()
    if child == 0:
        try:
            _sandbox(request, status_w)
        except BaseException as error:  # noqa: BLE001
            _report(status_w, 'error: %s: %s' % (type(error).__name__, error))
        os._exit(125)

    os.closerange(0, status_w)
    os.closerange(status_w + 1, 65536)
    while True:
        pid, status = os.waitpid(-1, 0)
        if pid == child:
            break
    if os.WIFSIGNALED(status):
        _report(status_w, 'exit - %s' % signal.Signals(os.WTERMSIG(status)).name)
    else:
        _report(status_w, 'exit %d -' % os.waitstatus_to_exitcode(status))
    os._exit(0)


def _read_exact(fd, n):
    parts = []
    while n > 0:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError('the grader closed the channel before the source was complete')
        parts.append(chunk)
        n -= len(chunk)
    return b''.join(parts)


def _channels(name, status_w):
    """S's fds 0-3: FIFOs in the grader's private folder, opened by the grader from outside."""
    import json
    import select
    folder = os.path.join(_CONFIG['fifoDir'], name)
    os.mkdir(folder, 0o700)
    for leaf in ('in', 'out', 'err', 'ans'):
        os.mkfifo(os.path.join(folder, leaf), 0o600)
    stdin = os.open(os.path.join(folder, 'in'), os.O_RDONLY | os.O_NONBLOCK)
    # Held until the write-only ends replace them: a reader never sees an end of file before S writes.
    holders = [os.open(os.path.join(folder, leaf), os.O_RDWR) for leaf in ('out', 'err', 'ans')]
    _report(status_w, 'ready')
    # The grader opens out, err and ans for reading, then in for writing, then writes the header.
    ready, _, _ = select.select([stdin], [], [], _CONFIG['attachSeconds'])
    if not ready:
        raise TimeoutError('the grader did not attach within %d s' % _CONFIG['attachSeconds'])
    os.set_blocking(stdin, True)
    header = _read_line(stdin, MAX_HEADER)
    if header is None:
        raise EOFError('the grader closed the channel')
    meta = json.loads(header)
    source = _read_exact(stdin, meta['bytes'])
    fds = [stdin] + [os.open(os.path.join(folder, leaf), os.O_WRONLY | os.O_NONBLOCK) for leaf in ('out', 'err', 'ans')]
    for fd in fds[1:]:
        os.set_blocking(fd, True)
    for fd in holders:
        os.close(fd)
    for leaf in ('in', 'out', 'err', 'ans'):
        os.unlink(os.path.join(folder, leaf))
    os.rmdir(folder)
    return fds, source


def _write_module(request, source):
    path = os.path.join(request['sub'], request['module'])
    if _CONFIG['level'] == 'strict':
        # A private tmpfs only this run's mount namespace sees, read-only once written.
        _check(_LIBC.umount2(_CONFIG['fifoDir'].encode(), MNT_DETACH), 'umount ' + _CONFIG['fifoDir'])
        size = ('size=%d,mode=0755' % (len(source) + 65536)).encode()
        _check(_LIBC.mount(b'tmpfs', request['sub'].encode(), b'tmpfs', MS_NOSUID | MS_NODEV, size), 'mount /sub')
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o444)
    try:
        view = memoryview(source)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
    if _CONFIG['level'] == 'strict':
        _check(_LIBC.mount(None, request['sub'].encode(), None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, None),
               'remount /sub read-only')
    return path


def _drop(request):
    """What setpriv, prlimit and bwrap --seccomp do to a fresh sandbox, in that order's effect."""
    import ctypes
    import resource
    limits = request['limits']
    for key, which in (('nproc', resource.RLIMIT_NPROC), ('as', resource.RLIMIT_AS), ('fsize', resource.RLIMIT_FSIZE),
                       ('nofile', resource.RLIMIT_NOFILE), ('core', resource.RLIMIT_CORE), ('cpu', resource.RLIMIT_CPU)):
        if key in limits:
            resource.setrlimit(which, (limits[key], limits[key]))
    uid = request['uid']
    for cap in range(_CONFIG['capLastCap'] + 1):
        _check(_LIBC.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0), 'drop capability %d from the bounding set' % cap)
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)

    class Header(ctypes.Structure):
        _fields_ = [('version', ctypes.c_uint32), ('pid', ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [('effective', ctypes.c_uint32), ('permitted', ctypes.c_uint32), ('inheritable', ctypes.c_uint32)]

    empty = (Data * 2)()
    _check(_LIBC.capset(ctypes.byref(Header(LINUX_CAPABILITY_VERSION_3, 0)), empty), 'capset')
    _check(_LIBC.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), 'clear ambient capabilities')
    _check(_LIBC.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), 'no_new_privs')
    # A uid change makes a process non-dumpable; an exec (today's fresh sandbox) makes it dumpable again.
    _check(_LIBC.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0), 'dumpable')
    # S dies with G, its pid namespace's init, whatever it does.
    program = _CONFIG.get('seccomp')
    if program is not None:
        class Prog(ctypes.Structure):
            _fields_ = [('len', ctypes.c_ushort), ('filter', ctypes.c_char_p)]

        _check(_LIBC.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(Prog(len(program) // 8, program)), 0, 0),
               'seccomp')


def _sandbox(request, status_w):
    """S: becomes exactly what a fresh sandbox's interpreter is, then runs the relay."""
    import ctypes
    os.setsid()
    fds, source = _channels(request['name'], status_w)
    for fd in _CONFIG['cgroupFds']:
        os.write(fd, b'0\n')
    if _CONFIG['level'] == 'strict':
        _check(_LIBC.unshare(CLONE_NEWCGROUP), 'unshare(CLONE_NEWCGROUP)')
    module = _write_module(request, source)
    del source
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    for fd in fds:
        if fd > 3 and fd != status_w:
            os.close(fd)
    # Everything else goes; the status pipe only once the drop below has worked (its errors are reported).
    os.closerange(4, status_w)
    os.closerange(status_w + 1, 65536)
    keyctl = _CONFIG.get('keyctl')
    if keyctl is not None:
        _check(0 if _LIBC.syscall(keyctl, KEYCTL_JOIN_SESSION_KEYRING, None) >= 0 else -1, 'join a new session keyring')
    os.chdir(request['tmp'])
    os.environ.clear()
    os.environ.update(request['env'])
    _drop(request)
    main = sys.modules.get('numpy.random')
    if main is not None:
        main.seed()  # numpy does not reseed its global generator in a forked child
    os.close(status_w)
    _run_relay(module)


def _run_relay(module):
    import types
    relay = types.ModuleType('__main__')
    relay.__file__ = _CONFIG['relay']
    relay.__builtins__ = __builtins__
    sys.modules['__main__'] = relay
    sys.argv[:] = [_CONFIG['relay'], module]
    code = _CONFIG['relayCode']
    exit_ = os._exit
    # The zygote's own globals (its configuration) are not the relay's business.
    globals().clear()
    try:
        exec(code, relay.__dict__)
    except SystemExit as done:
        # What the interpreter does at a SystemExit escaping __main__.
        code = done.code
        if code is None or isinstance(code, int):
            exit_(code or 0)
        exit_(1)
    except BaseException:  # noqa: BLE001
        import traceback
        traceback.print_exc()
        exit_(1)
    exit_(0)


def _main():
    try:
        _start()
    except BaseException as error:  # noqa: BLE001
        _reply({'op': 'failed', 'message': '%s: %s' % (type(error).__name__, error)})
        os._exit(3)
    _reply({'op': 'started', 'pid': os.getpid()})
    try:
        _serve()
    except BaseException as error:  # noqa: BLE001
        try:
            _reply({'op': 'failed', 'message': '%s: %s' % (type(error).__name__, error)})
        except OSError:
            pass
        os._exit(4)
    os._exit(0)


_main()
