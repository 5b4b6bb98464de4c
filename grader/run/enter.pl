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
#   -- PROGRAM ARG...  what to exec
#
# Perl because it is on every Debian and Ubuntu system (perl-base is essential) and starts in
# ~2 ms; Node cannot make these system calls. Any failure exits 125 with one line on stderr.
use strict;

sub fail { print STDERR "convgrade-enter: $_[0]\n"; exit 125 }

my ($keyctl, $seccomp, $prctl, @cgroups);
while (@ARGV) {
  my $opt = shift @ARGV;
  if ($opt eq '--') { last }
  elsif ($opt eq '--cgroup') { push @cgroups, shift @ARGV }
  elsif ($opt eq '--keyring') { $keyctl = shift @ARGV }
  elsif ($opt eq '--seccomp') { $seccomp = shift @ARGV }
  elsif ($opt eq '--prctl') { $prctl = shift @ARGV }
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
exec { $ARGV[0] } @ARGV or fail("cannot run $ARGV[0]: $!");
