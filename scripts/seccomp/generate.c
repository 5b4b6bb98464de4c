/*
 * Compiles convgrade's seccomp policy into a classic-BPF program with libseccomp (the library
 * Docker, systemd and Flatpak use), for one architecture. scripts/seccomp.mjs turns
 * grader/run/seccomp/policy.json into the line format below and runs this once per
 * architecture; the BPF goes to the file named by argv[2], and every name with what it became
 * ("allow read 0", "skip chown32" for a name the architecture does not have) to stdout.
 *
 *   default errno <n>                  the action for every system call not listed
 *   allow <name>                       always allowed
 *   allow-if <name> <arg> eq <value>   allowed when argument <arg> equals <value> (also lt, gt)
 *   allow-if <name> <arg> masked_eq <mask> <value>
 *   errno <name> <n>                   fails with errno <n>
 *   resolve <name>                     no rule: only print its number (for tests of denied calls)
 *
 * The first line of stdout names the libseccomp version, since another version may emit other
 * (equivalent) bytes.
 * Build: cc -O2 -Wall -o generate generate.c -lseccomp (Debian: libseccomp-dev).
 * Usage: generate x86_64|aarch64 OUT.bpf < rules.txt
 */
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void die(const char *what, int rc) {
  fprintf(stderr, "generate: %s: %s\n", what, strerror(rc < 0 ? -rc : rc));
  exit(1);
}

static uint32_t arch_token(const char *name) {
  if (strcmp(name, "x86_64") == 0) return SCMP_ARCH_X86_64;
  if (strcmp(name, "aarch64") == 0) return SCMP_ARCH_AARCH64;
  fprintf(stderr, "generate: unknown architecture \"%s\" (x86_64 or aarch64)\n", name);
  exit(2);
}

/* The syscall number for rules (libseccomp translates it per architecture), or -1 when the
 * architecture has no such call: such a name is skipped and stays denied. */
static int resolve(uint32_t arch, const char *name) {
  /* Negative: unknown, or a pseudo number for a call this architecture does not have. */
  if (seccomp_syscall_resolve_name_arch(arch, name) < 0) return -1;
  int nr = seccomp_syscall_resolve_name(name);
  return nr == __NR_SCMP_ERROR ? -1 : nr;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: generate x86_64|aarch64 OUT.bpf < rules.txt\n");
    return 2;
  }
  uint32_t arch = arch_token(argv[1]);
  const struct scmp_version *version = seccomp_version();
  printf("libseccomp %u.%u.%u\n", version->major, version->minor, version->micro);
  char line[512], verb[32], name[64], op[16];
  unsigned long long a, b;
  unsigned int arg;
  int n;
  scmp_filter_ctx ctx = NULL;
  int rc;

  while (fgets(line, sizeof line, stdin) != NULL) {
    if (line[0] == '\n' || line[0] == '#') continue;
    if (sscanf(line, "%31s", verb) != 1) continue;
    if (ctx == NULL) {
      if (sscanf(line, "default errno %d", &n) != 1) {
        fprintf(stderr, "generate: the first rule must be \"default errno N\", got: %s", line);
        return 2;
      }
      ctx = seccomp_init(SCMP_ACT_ERRNO(n));
      if (ctx == NULL) die("seccomp_init", ENOMEM);
      /* Only the target architecture: a call through another ABI (int 0x80 on x86_64) kills. */
      if (seccomp_arch_native() != arch) {
        if ((rc = seccomp_arch_add(ctx, arch)) < 0) die("seccomp_arch_add", rc);
        if ((rc = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE)) < 0) die("seccomp_arch_remove", rc);
      }
      if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS)) < 0)
        die("SCMP_FLTATR_ACT_BADARCH", rc);
      /* A binary tree of syscall numbers: ~9 comparisons per call instead of ~300. */
      if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2)) < 0) die("SCMP_FLTATR_CTL_OPTIMIZE", rc);
      continue;
    }
    if (sscanf(line, "%31s %63s", verb, name) != 2) {
      fprintf(stderr, "generate: cannot read rule: %s", line);
      return 2;
    }
    if (strcmp(verb, "resolve") == 0) {
      printf("resolve %s %d\n", name, seccomp_syscall_resolve_name_arch(arch, name));
      continue;
    }
    int nr = resolve(arch, name);
    if (nr == -1) {
      printf("skip %s\n", name);
      continue;
    }
    if (strcmp(verb, "allow") == 0) {
      rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
    } else if (strcmp(verb, "errno") == 0 && sscanf(line, "%*s %*s %d", &n) == 1) {
      rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(n), nr, 0);
    } else if (strcmp(verb, "allow-if") == 0 && sscanf(line, "%*s %*s %u %15s %lli %lli", &arg, op, &a, &b) >= 3) {
      if (strcmp(op, "eq") == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1, SCMP_CMP(arg, SCMP_CMP_EQ, a));
      else if (strcmp(op, "lt") == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1, SCMP_CMP(arg, SCMP_CMP_LT, a));
      else if (strcmp(op, "gt") == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1, SCMP_CMP(arg, SCMP_CMP_GT, a));
      else if (strcmp(op, "masked_eq") == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1, SCMP_CMP(arg, SCMP_CMP_MASKED_EQ, a, b));
      else {
        fprintf(stderr, "generate: unknown comparison \"%s\" in: %s", op, line);
        return 2;
      }
    } else {
      fprintf(stderr, "generate: cannot read rule: %s", line);
      return 2;
    }
    if (rc < 0) die(name, rc);
    printf("%s %s %d\n", verb, name, seccomp_syscall_resolve_name_arch(arch, name));
  }
  if (ctx == NULL) {
    fprintf(stderr, "generate: no rules on stdin\n");
    return 2;
  }
  int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) die(argv[2], errno);
  if ((rc = seccomp_export_bpf(ctx, fd)) < 0) die("seccomp_export_bpf", rc);
  if (close(fd) != 0) die(argv[2], errno);
  seccomp_release(ctx);
  return 0;
}
