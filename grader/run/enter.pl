#!/usr/bin/perl
# The pre-exec step of every sandbox (SECURITY.md S11, S12), run by the grader as root just
# before bwrap (strict) or setpriv (uid), then replaced by that program with exec:
#
#   --cgroup FILE      write our pid to FILE (a slot cgroup's cgroup.procs), so the sandbox and
#                      everything it starts is counted, limited and killed with the slot
#   --keyring NR       keyctl(KEYCTL_JOIN_SESSION_KEYRING, NULL) through system call NR: leave the
#                      grader's session keyring (CI tokens, Kerberos tickets) for a fresh empty one
#   --seccomp FILE --prctl NR
#                      set no_new_privs and load the BPF program in FILE through prctl (NR), as
#                      bwrap --seccomp does; for the uid level, which has no bwrap
#   --reap NR          do not exec PROGRAM but fork it, with PR_SET_PDEATHSIG = SIGKILL, and stay
#                      as its parent, a child subreaper (prctl through NR), with no descriptor of
#                      the sandbox's open, until every descendant has been reaped; then exit with
#                      PROGRAM's status. For bwrap: it exits as soon as the namespace's init
#                      reports the sandbox's status, so that init, orphaned, would wait as a zombie
#                      for the machine's init (seconds on some hosts) and keep the slot cgroup's
#                      pids.current above 0; reaped here, the cgroup is empty when we exit
#   -- PROGRAM ARG...  what to exec
#
# Perl because it is on every Debian and Ubuntu system (perl-base is essential) and starts in
# ~2 ms; Node cannot make these system calls. Any failure exits 125 with one line on stderr.
use strict;

sub fail { print STDERR "convgrade-enter: $_[0]\n"; exit 125 }

my ($keyctl, $seccomp, $prctl, $reap, @cgroups);
while (@ARGV) {
  my $opt = shift @ARGV;
  if ($opt eq '--') { last }
  elsif ($opt eq '--cgroup') { push @cgroups, shift @ARGV }
  elsif ($opt eq '--keyring') { $keyctl = shift @ARGV }
  elsif ($opt eq '--seccomp') { $seccomp = shift @ARGV }
  elsif ($opt eq '--prctl') { $prctl = shift @ARGV }
  elsif ($opt eq '--reap') { $reap = shift @ARGV }
  else { fail("unknown option $opt") }
}

for my $file (@cgroups) {
  open(my $fh, '>', $file) or fail("cannot open $file: $!");
  print $fh "$$\n";
  close($fh) or fail("cannot join the cgroup of $file: $!");
}

if (defined $keyctl) {
  syscall($keyctl + 0, 1, 0) >= 0 or fail("cannot join a new session keyring: $!");
}

if (defined $seccomp) {
  defined $prctl or fail('--seccomp needs --prctl');
  open(my $fh, '<:raw', $seccomp) or fail("cannot open $seccomp: $!");
  local $/;
  my $program = <$fh>;
  close($fh);
  my $length = length($program);
  fail("$seccomp is not a BPF program") if $length == 0 || $length % 8 != 0 || $length / 8 > 4096;
  # struct sock_fprog { unsigned short len; struct sock_filter *filter; }: pack('p') is a pointer
  # to the string's buffer, which stays alive (and unmoved) while $program is in scope.
  my $fprog = pack('S x![p] p', $length / 8, $program);
  syscall($prctl + 0, 38, 1, 0, 0, 0) == 0 or fail("prctl(PR_SET_NO_NEW_PRIVS): $!");
  syscall($prctl + 0, 22, 2, $fprog) == 0 or fail("prctl(PR_SET_SECCOMP): $!");
}

@ARGV or fail('no program to run');
exec { $ARGV[0] } @ARGV or fail("cannot run $ARGV[0]: $!") unless defined $reap;

# PR_SET_CHILD_SUBREAPER (36): orphans among our descendants become our children.
syscall($reap + 0, 36, 1, 0, 0, 0) == 0 or fail("prctl(PR_SET_CHILD_SUBREAPER): $!");
my $parent = $$;
my $child = fork();
defined $child or fail("cannot fork: $!");
if ($child == 0) {
  # PR_SET_PDEATHSIG (1) = SIGKILL (9): killing us (a time-out, the grader's exit) kills the
  # sandbox, as when we were bwrap ourselves; a parent already gone before that took effect too.
  syscall($reap + 0, 1, 9, 0, 0, 0) == 0 or fail("prctl(PR_SET_PDEATHSIG): $!");
  exit 125 if getppid() != $parent;
  exec { $ARGV[0] } @ARGV or fail("cannot run $ARGV[0]: $!");
}
# The sandbox's pipes are its own: the grader sees them end when the sandbox ends, not us.
# (A handle made on each descriptor and closed: POSIX::close would cost 8 ms to load.)
close(STDIN);
close(STDOUT);
close(STDERR);
for my $fd (3 .. 255) {
  my $fh;
  close($fh) if open($fh, '<&=', $fd) || open($fh, '>&=', $fd);
}
my $status = 0;
for (;;) {
  my $pid = waitpid(-1, 0);
  last if $pid == -1;
  $status = $? if $pid == $child;
}
# PROGRAM's status as our own: its exit code, or death by the same signal.
if (my $signal = $status & 127) {
  $SIG{$_} = 'DEFAULT' for keys %SIG;
  kill $signal, $$;
}
exit($status >> 8);
